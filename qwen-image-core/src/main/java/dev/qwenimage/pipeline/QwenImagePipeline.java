package dev.qwenimage.pipeline;

import ai.onnxruntime.OrtException;
import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.latent.LatentPacker;
import dev.qwenimage.model.ModelFolder;
import dev.qwenimage.runtime.ExecutionPlan;
import dev.qwenimage.runtime.InvalidModelException;
import dev.qwenimage.scheduler.FlowMatchEulerDiscreteScheduler;
import dev.qwenimage.scheduler.ScheduleRequest;
import dev.qwenimage.scheduler.SchedulerRun;
import dev.qwenimage.scheduler.Schedulers;
import dev.qwenimage.text.PromptEmbedding;
import dev.qwenimage.text.PromptCache;
import dev.qwenimage.text.PromptEncoder;
import dev.qwenimage.text.QwenTokenizer;
import dev.qwenimage.text.TextEncoder;
import dev.qwenimage.transformer.QwenTransformer;
import dev.qwenimage.transformer.TransformerRun;
import dev.qwenimage.vae.VaeDecoder;
import dev.qwenimage.vae.VaeEncoder;

/**
 * A loaded Qwen-Image model and the steps of diffusers' {@code QwenImagePipeline}, one method each, so that
 * text-to-image ({@link dev.qwenimage.QwenImageGenerator}) and the editing pipelines are short recipes over the same
 * pieces. Every network session is created once here and shared; the methods are thread-safe, and all per-generation
 * state lives in what they return.
 */
public final class QwenImagePipeline implements AutoCloseable {

    private final ModelFolder folder;
    private final ExecutionPlan plan;
    private final QwenTokenizer tokenizer;
    private final TextEncoder textEncoder;
    private final PromptEncoder promptEncoder;
    private final QwenTransformer transformer;
    private final VaeDecoder vaeDecoder;
    private final FlowMatchEulerDiscreteScheduler scheduler;
    private final PromptCache promptCache;
    private final Object encoderLock = new Object();
    private volatile VaeEncoder vaeEncoder;
    private volatile dev.qwenimage.preview.LatentPreviewer previewer;
    private volatile boolean closed;

    /**
     * Loads every network of a checked model folder (the VAE encoder on first use).
     *
     * @param folder the model folder
     * @param plan the device and session settings
     * @param maxSequenceLength prompt tokens kept at most (diffusers' {@code max_sequence_length})
     * @param promptCacheSize prompt embeddings kept for reuse; 0 disables the cache
     * @throws InvalidModelException if a file is missing or a network does not match the contract
     */
    public QwenImagePipeline(ModelFolder folder, ExecutionPlan plan, int maxSequenceLength, int promptCacheSize) {
        this.folder = folder;
        this.promptCache = new PromptCache(promptCacheSize);
        this.plan = plan;
        this.scheduler = (FlowMatchEulerDiscreteScheduler) Schedulers.fromConfig(folder.scheduler());
        QwenTokenizer tok = null;
        TextEncoder text = null;
        QwenTransformer dit = null;
        try {
            tok = QwenTokenizer.load(folder.file("tokenizer/tokenizer.json"));
            text = TextEncoder.load(folder.file("text_encoder/model.onnx"), folder.textHiddenSize(), plan);
            dit = QwenTransformer.load(folder.file("transformer/model.onnx"), folder.transformer(), plan);
            this.vaeDecoder = VaeDecoder.load(folder.file("vae_decoder/model.onnx"), folder.vae(), plan);
        } catch (RuntimeException e) {
            closeAll(tok, text, dit);
            throw e;
        }
        this.tokenizer = tok;
        this.textEncoder = text;
        this.transformer = dit;
        this.promptEncoder = new PromptEncoder(tok, text, maxSequenceLength);
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // closing after a failure; the failure is reported
                }
            }
        }
    }

    /** @return the model folder */
    public ModelFolder folder() {
        return folder;
    }

    /** @return where the networks run */
    public ExecutionPlan plan() {
        return plan;
    }

    /** @return the flow-matching scheduler of the model */
    public FlowMatchEulerDiscreteScheduler scheduler() {
        return scheduler;
    }

    /** @return the prompt encoder (tokenizer and text encoder) */
    public PromptEncoder promptEncoder() {
        return promptEncoder;
    }

    /**
     * The latent grid of an image size.
     *
     * @param width W
     * @param height H
     * @return the grid
     * @throws IllegalArgumentException if the size is not a multiple of 2 × the VAE scale factor
     */
    public LatentGrid grid(int width, int height) {
        return LatentGrid.forImage(width, height, folder.vae().latentChannels(), folder.vae().scaleFactor());
    }

    /** @return the prompt-embedding cache (its statistics show hits and misses) */
    public PromptCache promptCache() {
        return promptCache;
    }

    /**
     * The embedding of a prompt: from the prompt cache, or computed by the text encoder.
     *
     * @param prompt the prompt
     * @param context the generation's context
     * @return the embedding
     */
    public PromptEmbedding encodePrompt(String prompt, RunContext context) {
        ensureOpen();
        context.throwIfCancelled("before encoding the prompt");
        return promptCache.get(prompt, p -> runTextEncoder(p, context));
    }

    private PromptEmbedding runTextEncoder(String prompt, RunContext context) {
        long[] ids = promptEncoder.tokenIds(prompt);
        long t0 = System.nanoTime();
        try {
            PromptEmbedding e = promptEncoder.encode(ids, context.runOptions());
            context.addNetworkTime(RunContext.Network.TEXT_ENCODER, System.nanoTime() - t0);
            NonFiniteValueException.check(e.values(), "the text encoder's output");
            return e;
        } catch (OrtException e) {
            throw context.translate(e, "the text encoder");
        }
    }

    /**
     * The schedule diffusers' pipeline builds: sigmas {@code linspace(1, 1/N, N)} and mu from the image's token count.
     *
     * @param grid the grid
     * @param steps N
     * @return a new scheduler run
     */
    public SchedulerRun schedule(LatentGrid grid, int steps) {
        double[] sigmas = new double[steps];
        double end = 1.0 / steps;
        double delta = steps == 1 ? 0 : (end - 1.0) / (steps - 1);
        for (int i = 0; i < steps; i++) {
            sigmas[i] = i == steps - 1 ? end : 1.0 + i * delta;
        }
        return scheduler.newRun(ScheduleRequest.ofSigmas(sigmas).withMu(scheduler.mu(grid.tokens())));
    }

    /**
     * Packs [B, C, h, w] latents into tokens.
     *
     * @param latents unpacked latents
     * @param batch B
     * @param grid the grid
     * @return packed [B, Li, 4C]
     */
    public float[] pack(float[] latents, int batch, LatentGrid grid) {
        float[] packed = new float[latents.length];
        LatentPacker.pack(latents, batch, grid, packed);
        return packed;
    }

    /**
     * Binds the transformer inputs of a generation.
     *
     * @param grid the grid
     * @param batch B
     * @param prompt the prompt embedding
     * @param negative the negative prompt embedding, or {@code null} without true CFG
     * @return the bound run, to close after the loop
     */
    public TransformerRun bindTransformer(LatentGrid grid, int batch, PromptEmbedding prompt, PromptEmbedding negative) {
        ensureOpen();
        return transformer.bind(grid, batch, prompt, negative);
    }

    /**
     * Unpacks, de-normalizes and decodes latents, and maps the pixels to [0, 1] ({@code x/2 + 0.5}, clamped).
     *
     * @param packed [B, Li, 4C]
     * @param batch B
     * @param grid the grid
     * @param context the generation's context
     * @return per image, H·W·3 values in [0, 1], rows first, RGB interleaved
     */
    public float[][] decode(float[] packed, int batch, LatentGrid grid, RunContext context) {
        ensureOpen();
        context.throwIfCancelled("before decoding");
        float[] latents = new float[packed.length];
        LatentPacker.unpack(packed, batch, grid, latents);
        folder.vae().denormalize(latents, batch, grid.height() * grid.width());
        float[] pixels;
        long t0 = System.nanoTime();
        try {
            pixels = vaeDecoder.decode(latents, batch, grid.height(), grid.width(), context.runOptions());
            context.addNetworkTime(RunContext.Network.VAE_DECODER, System.nanoTime() - t0);
        } catch (OrtException e) {
            throw context.translate(e, "the VAE decoder");
        }
        NonFiniteValueException.check(pixels, "the VAE decoder's output");
        int h = grid.imageHeight();
        int w = grid.imageWidth();
        int plane = h * w;
        float[][] images = new float[batch][];
        for (int b = 0; b < batch; b++) {
            float[] rgb = new float[plane * 3];
            int base = b * 3 * plane;
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    float v = pixels[base + c * plane + p] / 2f + 0.5f;
                    rgb[p * 3 + c] = Math.max(0f, Math.min(1f, v));
                }
            }
            images[b] = rgb;
        }
        return images;
    }

    /**
     * Encodes images to normalized latents with the VAE encoder: {@code (mean − latents_mean) / latents_std}.
     *
     * @param pixels [B, 3, H, W] in [-1, 1]
     * @param batch B
     * @param grid the grid of the images
     * @param context the generation's context
     * @return normalized latents [B, C, h, w], unpacked
     * @throws InvalidModelException if the model folder has no VAE encoder
     */
    public float[] encodeImage(float[] pixels, int batch, LatentGrid grid, RunContext context) {
        ensureOpen();
        context.throwIfCancelled("before encoding the image");
        float[] latents;
        VaeEncoder encoder = vaeEncoder();
        long t0 = System.nanoTime();
        try {
            latents = encoder.encode(pixels, batch, grid.imageHeight(), grid.imageWidth(), context.runOptions());
            context.addNetworkTime(RunContext.Network.VAE_ENCODER, System.nanoTime() - t0);
        } catch (OrtException e) {
            throw context.translate(e, "the VAE encoder");
        }
        NonFiniteValueException.check(latents, "the VAE encoder's output");
        folder.vae().normalize(latents, batch, grid.height() * grid.width());
        return latents;
    }

    /**
     * The model's latent previewer: the folder's {@code latent_preview.json} if it ships one, else fitted on first use
     * (a few VAE runs), then shared.
     *
     * @return the previewer
     */
    public dev.qwenimage.preview.LatentPreviewer previewer() {
        dev.qwenimage.preview.LatentPreviewer p = previewer;
        if (p == null) {
            synchronized (encoderLock) {
                if (previewer == null) {
                    java.nio.file.Path shipped = folder.file(dev.qwenimage.preview.LatentPreviewer.FILE);
                    previewer = java.nio.file.Files.isRegularFile(shipped)
                            ? dev.qwenimage.preview.LatentPreviewer.read(shipped, folder.vae().latentChannels())
                            : dev.qwenimage.preview.LatentPreviewer.fit(this);
                }
                p = previewer;
            }
        }
        return p;
    }

    private VaeEncoder vaeEncoder() {
        VaeEncoder e = vaeEncoder;
        if (e != null) {
            return e;
        }
        synchronized (encoderLock) {
            ensureOpen();
            if (vaeEncoder == null) {
                if (!folder.hasVaeEncoder()) {
                    throw new InvalidModelException(folder.file("vae_encoder/model.onnx"),
                            "missing: image-to-image and editing need the VAE encoder");
                }
                vaeEncoder = VaeEncoder.load(folder.file("vae_encoder/model.onnx"), folder.vae(), plan);
            }
            return vaeEncoder;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this model has been closed");
        }
    }

    /** @return true once closed */
    public boolean isClosed() {
        return closed;
    }

    /** Releases every session and the tokenizer, after runs in progress finish. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (encoderLock) {
            closeAll(transformer, textEncoder, vaeDecoder, vaeEncoder, tokenizer);
        }
    }
}
