package dev.qwenimage.text;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Qwen-Image's prompt encoding (diffusers' {@code QwenImagePipeline._get_qwen_prompt_embeds}): wrap the prompt in the
 * chat template, tokenize, truncate to 1024 + 34 tokens, run the text encoder, drop the 34 template-prefix positions,
 * and keep at most {@code max_sequence_length} (512) of the rest. Thread-safe.
 */
public final class PromptEncoder {

    /** The template Qwen-Image wraps every prompt in. */
    public static final String TEMPLATE = "<|im_start|>system\nDescribe the image by detailing the color, shape, size, "
            + "texture, quantity, text, spatial relationships of the objects and background:<|im_end|>\n"
            + "<|im_start|>user\n{}<|im_end|>\n<|im_start|>assistant\n";
    /** Template tokens before the prompt, dropped from the embedding. */
    public static final int DROP_TOKENS = 34;
    /** The tokenizer's limit beyond the template prefix. */
    public static final int TOKENIZER_MAX_LENGTH = 1024;
    /** diffusers' default {@code max_sequence_length}. */
    public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 512;

    private final QwenTokenizer tokenizer;
    private final TextEncoder encoder;
    private final int maxSequenceLength;

    /**
     * @param tokenizer the tokenizer
     * @param encoder the text encoder
     * @param maxSequenceLength how many prompt tokens to keep, 1 to 1024
     */
    public PromptEncoder(QwenTokenizer tokenizer, TextEncoder encoder, int maxSequenceLength) {
        if (maxSequenceLength < 1 || maxSequenceLength > TOKENIZER_MAX_LENGTH) {
            throw new IllegalArgumentException("max sequence length must be 1 to " + TOKENIZER_MAX_LENGTH
                    + ", got " + maxSequenceLength);
        }
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.maxSequenceLength = maxSequenceLength;
    }

    /**
     * The token ids of a prompt wrapped in the template, truncated as diffusers truncates.
     *
     * @param prompt the prompt
     * @return the ids, template included
     */
    public long[] tokenIds(String prompt) {
        long[] ids = tokenizer.encode(TEMPLATE.replace("{}", prompt));
        int limit = TOKENIZER_MAX_LENGTH + DROP_TOKENS;
        return ids.length > limit ? java.util.Arrays.copyOf(ids, limit) : ids;
    }

    /**
     * Encodes a prompt.
     *
     * @param prompt the prompt; an empty prompt gives the template's suffix tokens only
     * @param runOptions run options (for cancellation), or {@code null}
     * @return the embedding
     * @throws OrtException if ONNX Runtime fails
     */
    public PromptEmbedding encode(String prompt, OrtSession.RunOptions runOptions) throws OrtException {
        return encode(tokenIds(prompt), runOptions);
    }

    /**
     * Encodes token ids made by {@link #tokenIds}.
     *
     * @param ids the ids, template included
     * @param runOptions run options (cancellation), or {@code null}
     * @return the embedding
     * @throws OrtException if ONNX Runtime fails
     */
    public PromptEmbedding encode(long[] ids, OrtSession.RunOptions runOptions) throws OrtException {
        if (ids.length <= DROP_TOKENS) {
            throw new IllegalArgumentException("token ids must include the " + DROP_TOKENS + "-token template prefix");
        }
        float[] hidden = encoder.encode(ids, runOptions);
        int d = encoder.hiddenSize();
        int kept = Math.min(ids.length - DROP_TOKENS, maxSequenceLength);
        float[] values = new float[kept * d];
        System.arraycopy(hidden, DROP_TOKENS * d, values, 0, values.length);
        return new PromptEmbedding(values, kept, d, ids);
    }

    /** @return the number of prompt tokens kept at most */
    public int maxSequenceLength() {
        return maxSequenceLength;
    }
}
