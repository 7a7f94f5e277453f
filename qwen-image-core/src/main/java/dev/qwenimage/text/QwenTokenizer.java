package dev.qwenimage.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.qwenimage.runtime.InvalidModelException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Qwen2 byte-level BPE tokenizer of a model folder ({@code tokenizer/tokenizer.json}), run by the Rust
 * {@code tokenizers} library through DJL. Encodes without adding special tokens: Qwen-Image's template writes its own.
 * Thread-safe; {@link #close()} waits for encodings in progress before it frees the native tokenizer, so closing
 * while another thread encodes cannot touch freed native memory.
 */
public final class QwenTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private final java.util.concurrent.locks.ReadWriteLock lifecycle = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;

    private QwenTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
        this.tokenizer = tokenizer;
        this.file = file;
    }

    /**
     * Loads {@code tokenizer.json}.
     *
     * @param file the tokenizer file
     * @return the tokenizer
     * @throws InvalidModelException if the file is missing or not a valid tokenizers JSON
     */
    public static QwenTokenizer load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file, "missing: the tokenizer (tokenizer.json) is required");
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new QwenTokenizer(t, file);
        } catch (Exception | UnsatisfiedLinkError e) {
            throw new InvalidModelException(file, "not a valid Hugging Face tokenizers file: " + e.getMessage(), e);
        }
    }

    /**
     * @param text the text
     * @return its token ids, without added special tokens
     */
    public long[] encode(String text) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the tokenizer (" + file + ") has been closed");
            }
            Encoding encoding = tokenizer.encode(text, false, false);
            return encoding.getIds();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** @return the tokenizer file */
    public Path file() {
        return file;
    }

    /** Waits for encodings in progress, then frees the native tokenizer. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                tokenizer.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
