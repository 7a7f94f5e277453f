package dev.qwenimage;

import dev.qwenimage.io.NpyArray;
import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.model.BuiltInModels;
import dev.qwenimage.model.GenerationDefaults;
import dev.qwenimage.model.ModelFolder;
import dev.qwenimage.pipeline.RunContext;
import dev.qwenimage.pipeline.DenoisingLoop;
import dev.qwenimage.pipeline.LatentStart;
import dev.qwenimage.pipeline.StepCallback;
import dev.qwenimage.pipeline.QwenImagePipeline;
import dev.qwenimage.random.TorchGenerator;
import dev.qwenimage.runtime.Device;
import dev.qwenimage.runtime.ExecutionPlan;
import dev.qwenimage.runtime.SessionSettings;
import dev.qwenimage.scheduler.SchedulerRun;
import dev.qwenimage.text.PromptEmbedding;
import dev.qwenimage.text.PromptEncoder;
import dev.qwenimage.transformer.TransformerRun;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates images from text with a Qwen-Image model on ONNX Runtime, following diffusers' {@code QwenImagePipeline}
 * step for step.
 *
 * <p><b>Threads.</b> One generator is meant to be shared: the ONNX Runtime sessions, the tokenizer and the model's
 * configs are loaded once and used by all threads at once. Everything that belongs to one generation (noise, latents,
 * tensors bound to the transformer, the scheduler's state) is created per call, so concurrent calls never see each
 * other's data and each gives the image it would give alone. {@link #close()} waits for network runs in progress,
 * releases every native resource, and makes later calls fail with {@link IllegalStateException}.
 */
public final class QwenImageGenerator implements AutoCloseable {

    private static final SecureRandom SEEDS = new SecureRandom();

    private final QwenImagePipeline pipeline;
    private final Set<RunContext> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private QwenImageGenerator(QwenImagePipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** @return a builder; with no model path it loads the built-in qwen-image-micro model on the CPU */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the loaded pipeline, for the editing module and advanced use */
    public QwenImagePipeline pipeline() {
        ensureOpen();
        return pipeline;
    }

    /** @return the model's name */
    public String modelName() {
        return pipeline.folder().name();
    }

    /** @return what requests fall back to */
    public GenerationDefaults defaults() {
        return pipeline.folder().defaults();
    }

    /** @return how the prompt-embedding cache has been used: hits, misses, size */
    public dev.qwenimage.text.PromptCache.Stats promptCacheStats() {
        return pipeline.promptCache().stats();
    }

    /** @return where the networks run (after any fallback) */
    public ExecutionPlan executionPlan() {
        return pipeline.plan();
    }

    /**
     * Generates images.
     *
     * @param request the request
     * @return the images and the parameters used
     * @throws IllegalArgumentException if the request does not fit the model (size not a multiple of 2 × the VAE
     *     factor, initial noise of the wrong shape), before any network runs
     * @throws dev.qwenimage.pipeline.NonFiniteValueException if a network produces NaN or infinity
     * @throws java.util.concurrent.CancellationException if the request's timeout passes
     * @throws IllegalStateException if the generator is closed
     */
    public GenerationResult generate(GenerationRequest request) {
        return generate(request, LatentStart.fromNoise());
    }

    /**
     * Generates images from a custom start: the extension point of the editing pipelines, which start from a noised
     * source image part-way through the schedule and may blend after each step. The request's initial noise, if any,
     * is handed to the start as the noise to use.
     *
     * @param request the request (its size must be set or defaulted as the start expects)
     * @param start how the denoising starts
     * @return the images and the parameters used
     */
    public GenerationResult generate(GenerationRequest request, LatentStart start) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(start, "start");
        ensureOpen();
        Instant started = Instant.now();
        Resolved r = resolve(request);
        try (RunContext context = new RunContext(request.timeout().map(started::plus).orElse(null))) {
            running.add(context);
            request.cancellation().ifPresent(t -> t.attach(context));
            try {
                ensureOpen();
                List<GeneratedImage> images = run(r, request, start, context);
                Duration total = Duration.between(started, Instant.now());
                return new GenerationResult(images, r.parameters, total, new GenerationResult.Timings(
                        Duration.ofNanos(context.networkNanos(RunContext.Network.TEXT_ENCODER)),
                        Duration.ofNanos(context.networkNanos(RunContext.Network.TRANSFORMER)),
                        Duration.ofNanos(context.networkNanos(RunContext.Network.VAE_ENCODER)),
                        Duration.ofNanos(context.networkNanos(RunContext.Network.VAE_DECODER)), total));
            } finally {
                running.remove(context);
                request.cancellation().ifPresent(t -> t.detach(context));
            }
        }
    }

    /**
     * The initial noise a request starts from, [B, C, h, w]: its explicit noise, or what its seed draws with its
     * random source. Lets users save and check a seed's noise (the CLI's {@code --save-initial-noise}).
     *
     * @param request a request with a seed or explicit noise
     * @return the noise
     * @throws IllegalArgumentException if the request has neither a seed nor explicit noise, or does not fit the model
     */
    public NpyArray initialNoise(GenerationRequest request) {
        ensureOpen();
        Resolved r = resolve(request);
        long[] shape = {request.batchSize(), r.grid.channels(), r.grid.height(), r.grid.width()};
        if (r.initialNoise != null) {
            return new NpyArray(shape, r.initialNoise);
        }
        if (request.seed().isEmpty()) {
            throw new IllegalArgumentException("the request has no seed: its noise would be random");
        }
        float[] noise = request.randomSource().newGenerator(request.seed().getAsLong())
                .randn(request.batchSize() * r.grid.valuesPerImage());
        return new NpyArray(shape, noise);
    }

    /** The recipe: diffusers' QwenImagePipeline.__call__, top to bottom (the start decides text-to-image or editing). */
    private List<GeneratedImage> run(Resolved r, GenerationRequest request, LatentStart latentStart,
            RunContext context) {
        int batch = request.batchSize();
        // 1. Encode the prompt, and the negative prompt when true CFG is on.
        PromptEmbedding prompt = pipeline.encodePrompt(request.prompt(), context);
        PromptEmbedding negative = r.parameters.trueCfg()
                ? pipeline.encodePrompt(r.parameters.negativePrompt(), context) : null;
        // 2. The schedule: sigmas linspace(1, 1/N, N), shifted by mu of the image's token count.
        SchedulerRun schedule = pipeline.schedule(r.grid, r.parameters.steps());
        // 3. The starting latents: seeded (or given) noise for text-to-image. The same torch generator then feeds any
        //    stochastic scheduler steps, as diffusers passes one generator through the pipeline.
        TorchGenerator generator = request.randomSource().newGenerator(
                r.parameters.seed() != null ? r.parameters.seed() : SEEDS.nextLong());
        LatentStart.Start start = latentStart.prepare(new LatentStart.Context(pipeline, r.grid, batch, schedule,
                generator, r.initialNoise, context));
        float[] latents = start.latents();
        List<StepCallback> callbacks = new ArrayList<>(start.callbacks());
        callbacks.addAll(request.callbacks());
        if (request.previewListener().isPresent()) {
            var previewer = pipeline.previewer();
            var listener = request.previewListener().get();
            int every = request.previewEvery();
            int total = schedule.size();
            callbacks.add((step, t, x) -> {
                int done = step + 1;
                if (done % every == 0 || done == total) {
                    listener.onPreview(done, total, previewer.preview(x, batch, r.grid));
                }
            });
        }
        // 4. Denoise.
        try (TransformerRun transformer = pipeline.bindTransformer(r.grid, batch, prompt, negative)) {
            DenoisingLoop.run(transformer, schedule, start.firstStep(), latents, (float) r.parameters.guidanceScale(),
                    generator, callbacks, request.listeners(), context);
        }
        // 5. Decode.
        float[][] pixels = pipeline.decode(latents, batch, r.grid, context);
        List<GeneratedImage> images = new ArrayList<>(batch);
        for (float[] rgb : pixels) {
            images.add(new GeneratedImage(r.grid.imageWidth(), r.grid.imageHeight(), rgb, r.parameters));
        }
        return images;
    }

    /** A request with the model's defaults applied and everything model-dependent checked. */
    private static final class Resolved {
        GenerationParameters parameters;
        LatentGrid grid;
        float[] initialNoise;
    }

    private Resolved resolve(GenerationRequest request) {
        GenerationDefaults d = defaults();
        int width = request.width().orElse(d.width());
        int height = request.height().orElse(d.height());
        int steps = request.steps().orElse(d.steps());
        double guidance = request.guidanceScale().orElse(d.guidanceScale());
        String negative = request.negativePromptSet() ? request.negativePrompt().orElse(null) : d.negativePrompt();
        boolean trueCfg = guidance > 1 && negative != null;
        Resolved r = new Resolved();
        r.grid = pipeline.grid(width, height);
        if (request.initialNoise().isPresent()) {
            r.initialNoise = checkNoise(request.initialNoise().get(), request.batchSize(), r.grid);
        }
        Long seed = request.seed().isPresent() ? Long.valueOf(request.seed().getAsLong())
                : r.initialNoise != null ? null : Long.valueOf(SEEDS.nextLong() & 0xFFFFFFFFL);
        r.parameters = new GenerationParameters(request.prompt(), negative, width, height, steps, guidance, trueCfg,
                seed, request.randomSource().id(), request.batchSize(), modelName(), pipeline.scheduler().className());
        return r;
    }

    private static float[] checkNoise(NpyArray noise, int batch, LatentGrid grid) {
        long[] shape = noise.shape();
        long[] expected4 = {batch, grid.channels(), grid.height(), grid.width()};
        long[] expected5 = {batch, 1, grid.channels(), grid.height(), grid.width()};
        if (!Arrays.equals(shape, expected4) && !Arrays.equals(shape, expected5)) {
            throw new IllegalArgumentException("initial noise has shape " + Arrays.toString(shape) + "; for a "
                    + grid.imageWidth() + "x" + grid.imageHeight() + " image and batch " + batch + " this model needs "
                    + Arrays.toString(expected4) + " (or " + Arrays.toString(expected5) + ")");
        }
        return noise.data();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this QwenImageGenerator has been closed");
        }
    }

    /** @return true once closed */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels generations in progress, waits for their network runs to stop, and releases every ONNX Runtime session,
     * tensor and the tokenizer. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RunContext c : running) {
            c.cancelBecause("stopped: the generator is closing");
        }
        pipeline.close();
    }

    /** Builds a {@link QwenImageGenerator}. */
    public static final class Builder {
        private Path modelPath;
        private Device device = Device.cpu();
        private SessionSettings sessionSettings = SessionSettings.defaults();
        private int maxSequenceLength = PromptEncoder.DEFAULT_MAX_SEQUENCE_LENGTH;
        private int promptCacheSize = 64;

        private Builder() {
        }

        /**
         * @param modelPath a model folder (see docs/model-format.md), or {@code null} for the built-in
         *     qwen-image-micro
         * @return this builder
         */
        public Builder modelPath(Path modelPath) {
            this.modelPath = modelPath;
            return this;
        }

        /**
         * @param device {@link Device#cpu()} (default) or {@link Device#cuda(int)}
         * @return this builder
         */
        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * @param settings ONNX Runtime session settings (threads, graph optimization, memory arena)
         * @return this builder
         */
        public Builder sessionSettings(SessionSettings settings) {
            this.sessionSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * @param tokens prompt tokens kept at most (diffusers' {@code max_sequence_length}, default 512)
         * @return this builder
         */
        public Builder maxSequenceLength(int tokens) {
            if (tokens < 1 || tokens > PromptEncoder.TOKENIZER_MAX_LENGTH) {
                throw new IllegalArgumentException("max sequence length must be 1 to "
                        + PromptEncoder.TOKENIZER_MAX_LENGTH + ", got " + tokens);
            }
            this.maxSequenceLength = tokens;
            return this;
        }

        /**
         * @param entries prompt embeddings kept for reuse (least recently used dropped first); 0 disables the cache.
         *     Default 64: an embedding is Lt × D floats (at most 512 × 3584 × 4 bytes = 7 MiB for Qwen-Image).
         * @return this builder
         */
        public Builder promptCacheSize(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("prompt cache size must be >= 0, got " + entries);
            }
            this.promptCacheSize = entries;
            return this;
        }

        /**
         * Checks the model folder, resolves the device and loads every network.
         *
         * @return the generator
         * @throws dev.qwenimage.runtime.InvalidModelException if the model folder is missing or malformed
         * @throws IllegalStateException if a strict CUDA device cannot be used
         */
        public QwenImageGenerator build() {
            ModelFolder folder = ModelFolder.open(modelPath != null ? modelPath : BuiltInModels.micro());
            ExecutionPlan plan = ExecutionPlan.resolve(device, sessionSettings);
            return new QwenImageGenerator(new QwenImagePipeline(folder, plan, maxSequenceLength, promptCacheSize));
        }
    }
}
