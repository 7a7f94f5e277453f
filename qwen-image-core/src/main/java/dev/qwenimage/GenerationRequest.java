package dev.qwenimage;

import dev.qwenimage.io.NpyArray;
import dev.qwenimage.pipeline.StepCallback;
import dev.qwenimage.pipeline.StepListener;
import dev.qwenimage.random.RandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What to generate: a prompt and the generation parameters. Immutable; build with {@link #builder()}. Values left
 * unset take the model's defaults ({@code model_index.json}'s {@code "defaults"}, else Qwen-Image's: 1024×1024,
 * 50 steps, guidance 4.0, negative prompt " "). {@link Builder#build()} rejects impossible values at once; values
 * that depend on the model (the size's divisibility, the initial noise's shape) are checked by the generator before
 * any network runs.
 */
public final class GenerationRequest {

    private final String prompt;
    private final String negativePrompt;
    private final boolean negativePromptSet;
    private final Integer width;
    private final Integer height;
    private final Integer steps;
    private final Double guidanceScale;
    private final Long seed;
    private final RandomSource randomSource;
    private final NpyArray initialNoise;
    private final int batchSize;
    private final Duration timeout;
    private final CancellationToken cancellation;
    private final List<StepListener> listeners;
    private final List<StepCallback> callbacks;
    private final int previewEvery;
    private final dev.qwenimage.preview.PreviewListener previewListener;

    private GenerationRequest(Builder b) {
        this.prompt = b.prompt;
        this.negativePrompt = b.negativePrompt;
        this.negativePromptSet = b.negativePromptSet;
        this.width = b.width;
        this.height = b.height;
        this.steps = b.steps;
        this.guidanceScale = b.guidanceScale;
        this.seed = b.seed;
        this.randomSource = b.randomSource;
        this.initialNoise = b.initialNoise;
        this.batchSize = b.batchSize;
        this.timeout = b.timeout;
        this.cancellation = b.cancellation;
        this.listeners = List.copyOf(b.listeners);
        this.callbacks = List.copyOf(b.callbacks);
        this.previewEvery = b.previewEvery;
        this.previewListener = b.previewListener;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this request's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.prompt = prompt;
        b.negativePrompt = negativePrompt;
        b.negativePromptSet = negativePromptSet;
        b.width = width;
        b.height = height;
        b.steps = steps;
        b.guidanceScale = guidanceScale;
        b.seed = seed;
        b.randomSource = randomSource;
        b.initialNoise = initialNoise;
        b.batchSize = batchSize;
        b.timeout = timeout;
        b.cancellation = cancellation;
        b.listeners.addAll(listeners);
        b.callbacks.addAll(callbacks);
        b.previewEvery = previewEvery;
        b.previewListener = previewListener;
        return b;
    }

    /** @return the prompt */
    public String prompt() {
        return prompt;
    }

    /**
     * @return the negative prompt if one was set; empty if unset (the model default applies) or explicitly none
     *     ({@link #negativePromptSet()} tells which)
     */
    public Optional<String> negativePrompt() {
        return Optional.ofNullable(negativePrompt);
    }

    /** @return true if the request chose its negative prompt (possibly none) rather than the model default */
    public boolean negativePromptSet() {
        return negativePromptSet;
    }

    /** @return the width in pixels, if set */
    public OptionalInt width() {
        return width == null ? OptionalInt.empty() : OptionalInt.of(width);
    }

    /** @return the height in pixels, if set */
    public OptionalInt height() {
        return height == null ? OptionalInt.empty() : OptionalInt.of(height);
    }

    /** @return the number of denoising steps, if set */
    public OptionalInt steps() {
        return steps == null ? OptionalInt.empty() : OptionalInt.of(steps);
    }

    /** @return the true-CFG scale, if set */
    public OptionalDouble guidanceScale() {
        return guidanceScale == null ? OptionalDouble.empty() : OptionalDouble.of(guidanceScale);
    }

    /** @return the seed, if set */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** @return which torch generator the seed reproduces (default {@link RandomSource#CPU}) */
    public RandomSource randomSource() {
        return randomSource;
    }

    /** @return the explicit initial noise [B, C, h, w] (diffusers' {@code latents=}), if given */
    public Optional<NpyArray> initialNoise() {
        return Optional.ofNullable(initialNoise);
    }

    /** @return the number of images generated together */
    public int batchSize() {
        return batchSize;
    }

    /** @return the time after which the generation is cancelled, if any */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return the token that cancels this request, if any */
    public Optional<CancellationToken> cancellation() {
        return Optional.ofNullable(cancellation);
    }

    /** @return the progress listeners */
    public List<StepListener> listeners() {
        return listeners;
    }

    /** @return the step-end callbacks */
    public List<StepCallback> callbacks() {
        return callbacks;
    }

    /** @return the preview listener, if previews were asked for */
    public Optional<dev.qwenimage.preview.PreviewListener> previewListener() {
        return Optional.ofNullable(previewListener);
    }

    /** @return how many steps apart previews are made (0 without previews) */
    public int previewEvery() {
        return previewEvery;
    }

    @Override
    public String toString() {
        return "GenerationRequest{prompt=" + quote(prompt) + ", negativePrompt="
                + (negativePromptSet ? quote(negativePrompt) : "(model default)") + ", size=" + width + "x" + height
                + ", steps=" + steps + ", guidance=" + guidanceScale + ", seed=" + seed + ", rng=" + randomSource.id()
                + ", batch=" + batchSize + (initialNoise != null ? ", initialNoise=" + initialNoise : "") + "}";
    }

    private static String quote(String s) {
        if (s == null) {
            return "none";
        }
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "\"";
    }

    /** Builds a {@link GenerationRequest}; each setter validates its value. */
    public static final class Builder {
        /** The largest batch one request may ask for. */
        public static final int MAX_BATCH = 64;
        /** The largest side in pixels a request may ask for. */
        public static final int MAX_SIDE = 16384;

        private String prompt;
        private String negativePrompt;
        private boolean negativePromptSet;
        private Integer width;
        private Integer height;
        private Integer steps;
        private Double guidanceScale;
        private Long seed;
        private RandomSource randomSource = RandomSource.CPU;
        private NpyArray initialNoise;
        private int batchSize = 1;
        private Duration timeout;
        private CancellationToken cancellation;
        private final List<StepListener> listeners = new ArrayList<>();
        private final List<StepCallback> callbacks = new ArrayList<>();
        private int previewEvery;
        private dev.qwenimage.preview.PreviewListener previewListener;

        private Builder() {
        }

        /**
         * @param prompt what to draw; may be empty, not {@code null}
         * @return this builder
         */
        public Builder prompt(String prompt) {
            this.prompt = Objects.requireNonNull(prompt, "prompt must not be null (use \"\" for an empty prompt)");
            return this;
        }

        /**
         * @param negativePrompt what to steer away from with true CFG, or {@code null} for none
         * @return this builder
         */
        public Builder negativePrompt(String negativePrompt) {
            this.negativePrompt = negativePrompt;
            this.negativePromptSet = true;
            return this;
        }

        /**
         * No negative prompt, whatever the model's default: true CFG is off.
         *
         * @return this builder
         */
        public Builder noNegativePrompt() {
            return negativePrompt(null);
        }

        /**
         * @param width image width in pixels
         * @param height image height in pixels
         * @return this builder
         * @throws IllegalArgumentException if a side is not between 1 and {@value #MAX_SIDE}
         */
        public Builder size(int width, int height) {
            if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
                throw new IllegalArgumentException("image size " + width + "x" + height + " is out of range: each side must be 1 to "
                        + MAX_SIDE + " pixels (and a multiple of 2 × the model's VAE scale factor)");
            }
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * @param steps denoising steps, at least 1
         * @return this builder
         */
        public Builder steps(int steps) {
            if (steps < 1 || steps > 10000) {
                throw new IllegalArgumentException("steps must be between 1 and 10000, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /**
         * @param scale the true-CFG scale: finite and &gt;= 0; guidance is active when it is &gt; 1 and a negative
         *     prompt is present
         * @return this builder
         */
        public Builder guidanceScale(double scale) {
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("guidance scale must be a finite number >= 0, got " + scale);
            }
            this.guidanceScale = scale;
            return this;
        }

        /**
         * @param seed the seed of the initial noise, as {@code torch.Generator(...).manual_seed(seed)}
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param source which torch generator the seed reproduces
         * @return this builder
         */
        public Builder randomSource(RandomSource source) {
            this.randomSource = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Explicit initial noise instead of a seed (diffusers' {@code latents=}), float32 of shape [B, C, h, w] or
         * [B, 1, C, h, w] for the request's size and batch.
         *
         * @param noise the noise, or {@code null} to draw it from the seed
         * @return this builder
         */
        public Builder initialNoise(NpyArray noise) {
            this.initialNoise = noise;
            return this;
        }

        /**
         * @param batchSize images generated together from the same prompt, 1 to {@value #MAX_BATCH}
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH) {
                throw new IllegalArgumentException("batch size must be 1 to " + MAX_BATCH + ", got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param timeout cancel the generation when it runs longer than this, or {@code null} for no limit
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param token cancels the generation from another thread, or {@code null} for none
         * @return this builder
         */
        public Builder cancellation(CancellationToken token) {
            this.cancellation = token;
            return this;
        }

        /**
         * @param listener called after every step with the progress
         * @return this builder
         */
        public Builder listener(StepListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param callback called after every step; may change the latents (diffusers' {@code callback_on_step_end})
         * @return this builder
         */
        public Builder onStepEnd(StepCallback callback) {
            callbacks.add(Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /**
         * Asks for latent previews every {@code everySteps} steps (and after the last), computed with the model's
         * linear latent-to-RGB projection instead of the VAE decoder.
         *
         * @param everySteps 1 or more
         * @param listener receives the previews
         * @return this builder
         */
        public Builder previews(int everySteps, dev.qwenimage.preview.PreviewListener listener) {
            if (everySteps < 1) {
                throw new IllegalArgumentException("previews need a step interval >= 1, got " + everySteps);
            }
            this.previewEvery = everySteps;
            this.previewListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @return the request
         * @throws IllegalStateException if no prompt was set
         */
        public GenerationRequest build() {
            if (prompt == null) {
                throw new IllegalStateException("a prompt is required: GenerationRequest.builder().prompt(\"...\")");
            }
            if (initialNoise != null) {
                for (float v : initialNoise.data()) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("initial noise holds NaN or infinite values");
                    }
                }
            }
            return new GenerationRequest(this);
        }
    }
}
