package dev.qwenimage.scheduler;

/**
 * Euler sampling of a rectified-flow ODE: diffusers' {@code FlowMatchEulerDiscreteScheduler} (Esser et al. 2024,
 * "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis"), the scheduler of Qwen-Image, SD3 and
 * FLUX.
 *
 * <p>Supports a static {@code shift}, resolution-dependent ("dynamic") shifting with {@code mu} and an exponential or
 * linear {@code time_shift_type}, {@code shift_terminal} stretching, custom sigmas, Karras sigmas
 * (Karras et al. 2022), {@code invert_sigmas} and {@code stochastic_sampling}. Exponential and beta sigma schedules
 * and per-token timesteps are rejected.
 *
 * <p>The model predicts a velocity {@code v}; a step is {@code x <- x + (sigma_next - sigma) * v}.
 */
public final class FlowMatchEulerDiscreteScheduler implements Scheduler {

    /** The {@code _class_name} this scheduler reads. */
    public static final String CLASS_NAME = "FlowMatchEulerDiscreteScheduler";

    private final int trainTimesteps;
    private final double shift;
    private final boolean dynamicShifting;
    private final double baseShift;
    private final double maxShift;
    private final int baseImageSeqLen;
    private final int maxImageSeqLen;
    private final Double shiftTerminal;
    private final boolean karras;
    private final boolean invertSigmas;
    private final boolean stochastic;
    private final boolean exponentialTimeShift;
    private final float sigmaMax;
    private final float sigmaMin;

    /**
     * Builds the scheduler from its config.
     *
     * @param config a diffusers {@code FlowMatchEulerDiscreteScheduler} config
     * @throws IllegalArgumentException for values this port does not support
     */
    public FlowMatchEulerDiscreteScheduler(SchedulerConfig config) {
        trainTimesteps = config.getInt("num_train_timesteps", 1000, 1);
        shift = config.getDouble("shift", 1.0);
        if (!(shift > 0)) {
            throw new IllegalArgumentException(config.source() + ": shift must be positive, got " + shift);
        }
        dynamicShifting = config.getBoolean("use_dynamic_shifting", false);
        baseShift = config.getDouble("base_shift", 0.5);
        maxShift = config.getDouble("max_shift", 1.15);
        baseImageSeqLen = config.getInt("base_image_seq_len", 256, 1);
        maxImageSeqLen = config.getInt("max_image_seq_len", 4096, 1);
        if (maxImageSeqLen == baseImageSeqLen) {
            throw new IllegalArgumentException(config.source() + ": max_image_seq_len must differ from base_image_seq_len");
        }
        Double terminal = config.getOptionalDouble("shift_terminal");
        // diffusers tests `if self.config.shift_terminal:` so 0.0 means off, like null.
        shiftTerminal = terminal != null && terminal != 0.0 ? terminal : null;
        if (shiftTerminal != null && !(shiftTerminal > 0 && shiftTerminal < 1)) {
            throw new IllegalArgumentException(config.source() + ": shift_terminal must be in (0, 1), got " + shiftTerminal);
        }
        karras = config.getBoolean("use_karras_sigmas", false);
        config.requireOff("use_exponential_sigmas", "; use use_karras_sigmas or the default sigmas");
        config.requireOff("use_beta_sigmas", "; use use_karras_sigmas or the default sigmas");
        invertSigmas = config.getBoolean("invert_sigmas", false);
        stochastic = config.getBoolean("stochastic_sampling", false);
        exponentialTimeShift = config.getChoice("time_shift_type", "exponential", "exponential", "linear")
                .equals("exponential");
        // __init__: sigmas of the training schedule, shifted unless shifting is dynamic.
        float first = 1.0f;
        float last = 1.0f / trainTimesteps;
        if (!dynamicShifting) {
            first = (float) (shift * first / (1 + (shift - 1) * first));
            last = (float) (shift * (double) last / (1 + (shift - 1) * (double) last));
        }
        sigmaMax = first;
        sigmaMin = last;
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    /** @return true if the config asks for resolution-dependent shifting, so runs need a {@code mu} */
    public boolean usesDynamicShifting() {
        return dynamicShifting;
    }

    /**
     * diffusers' {@code calculate_shift}: mu on the line through ({@code base_image_seq_len}, {@code base_shift}) and
     * ({@code max_image_seq_len}, {@code max_shift}).
     *
     * @param imageSeqLen the number of image tokens (packed latent positions)
     * @return mu
     */
    public double mu(int imageSeqLen) {
        double m = (maxShift - baseShift) / (maxImageSeqLen - baseImageSeqLen);
        double b = baseShift - m * baseImageSeqLen;
        return imageSeqLen * m + b;
    }

    @Override
    public SchedulerRun newRun(ScheduleRequest request) {
        if (dynamicShifting && request.mu().isEmpty()) {
            throw new IllegalArgumentException("this scheduler config uses dynamic shifting: a mu is required "
                    + "(FlowMatchEulerDiscreteScheduler.mu(imageSeqLen) computes the pipeline's)");
        }
        int n = request.steps();
        // diffusers works in float32 when sigmas are passed (np.array(sigmas).astype(np.float32)) and in float64
        // when it builds them from the step count; both end as float32 tensors.
        boolean float32 = request.hasSigmas();
        double[] s = new double[n];
        if (float32) {
            double[] given = request.sigmas();
            for (int i = 0; i < n; i++) {
                s[i] = (float) given[i];
            }
        } else {
            double hi = (double) sigmaMax * trainTimesteps;
            double lo = (double) sigmaMin * trainTimesteps;
            double step = n == 1 ? 0 : (lo - hi) / (n - 1);
            for (int i = 0; i < n; i++) {
                s[i] = (i == n - 1 && n > 1 ? lo : hi + i * step) / trainTimesteps;
            }
        }
        for (int i = 0; i < n; i++) {
            s[i] = shifted(s[i], request, float32);
        }
        if (shiftTerminal != null) {
            // stretch_shift_to_terminal
            double scale = round(round(1 - s[n - 1], float32) / round(1 - shiftTerminal, float32), float32);
            for (int i = 0; i < n; i++) {
                s[i] = round(1 - round(round(1 - s[i], float32) / scale, float32), float32);
            }
        }
        float[] sigmas = new float[n];
        if (karras) {
            // between the schedule's own end points, float64 then float32
            double[] k = SigmaTables.karras(s[n - 1], s[0], n);
            for (int i = 0; i < n; i++) {
                sigmas[i] = (float) k[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                sigmas[i] = (float) s[i];
            }
        }
        float[] timesteps = new float[n];
        float[] all = new float[n + 1];
        for (int i = 0; i < n; i++) {
            float sigma = invertSigmas ? 1f - sigmas[i] : sigmas[i];
            all[i] = sigma;
            timesteps[i] = sigma * trainTimesteps;
        }
        all[n] = invertSigmas ? 1f : 0f;
        return new Run(timesteps, all);
    }

    private double shifted(double s, ScheduleRequest request, boolean float32) {
        if (dynamicShifting) {
            double mu = request.mu().getAsDouble();
            double a = round(exponentialTimeShift ? Math.exp(mu) : mu, float32);
            return round(a / round(a + round(round(1 / s, float32) - 1, float32), float32), float32);
        }
        if (shift == 1.0) {
            return s;
        }
        double sh = round(shift, float32);
        return round(round(sh * s, float32) / round(1 + round(round(sh - 1, float32) * s, float32), float32), float32);
    }

    private static double round(double v, boolean float32) {
        return float32 ? (float) v : v;
    }

    private final class Run extends TabulatedRun {
        private float[] noise;

        Run(float[] timesteps, float[] sigmas) {
            super(timesteps, sigmas, 1.0f);
        }






        @Override
        public void step(int i, float[] modelOutput, float[] sample, NoiseSource noiseSource) {
            float sigma = sigmas[i];
            float next = sigmas[i + 1];
            if (stochastic) {
                if (noise == null || noise.length != sample.length) {
                    noise = new float[sample.length];
                }
                noiseSource.fillStandardNormal(noise);
                float keep = 1f - next;
                for (int k = 0; k < sample.length; k++) {
                    float x0 = sample[k] - sigma * modelOutput[k];
                    sample[k] = keep * x0 + next * noise[k];
                }
            } else {
                float dt = next - sigma;
                for (int k = 0; k < sample.length; k++) {
                    sample[k] = sample[k] + dt * modelOutput[k];
                }
            }
        }

        @Override
        public void addNoise(float[] original, float[] noise, int i, float[] out) {
            // scale_noise: sigma * noise + (1 - sigma) * sample
            float sigma = sigmas[i];
            float keep = 1f - sigma;
            for (int k = 0; k < original.length; k++) {
                out[k] = sigma * noise[k] + keep * original[k];
            }
        }
    }
}
