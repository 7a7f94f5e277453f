package dev.qwenimage.scheduler;

/**
 * Ancestral sampling of denoising diffusion probabilistic models: diffusers' {@code DDPMScheduler}
 * (Ho et al. 2020, "Denoising Diffusion Probabilistic Models").
 *
 * <p>Beta schedules {@code linear}, {@code scaled_linear}, {@code squaredcos_cap_v2} (or {@code trained_betas});
 * prediction types epsilon, v_prediction and sample; {@code clip_sample}; variance types {@code fixed_small},
 * {@code fixed_small_log} and {@code fixed_large}; timestep spacing leading, trailing and
 * linspace with {@code steps_offset}; {@code rescale_betas_zero_snr}. Every step but the last adds noise drawn from
 * the caller's {@link NoiseSource}. Thresholding, learned variances and {@code fixed_large_log} (whose diffusers
 * implementation takes the square root of a negative logarithm) are rejected.
 */
public final class DDPMScheduler implements Scheduler {

    /** The {@code _class_name} this scheduler reads. */
    public static final String CLASS_NAME = "DDPMScheduler";

    private final BetaSchedule schedule;
    private final PredictionType prediction;
    private final boolean clipSample;
    private final float clipRange;
    private final String varianceType;
    private final String spacing;
    private final int stepsOffset;

    /**
     * Builds the scheduler from its config.
     *
     * @param config a diffusers {@code DDPMScheduler} config
     * @throws IllegalArgumentException for values this port does not support
     */
    public DDPMScheduler(SchedulerConfig config) {
        schedule = BetaSchedule.from(config);
        prediction = PredictionType.read(config, PredictionType.values());
        clipSample = config.getBoolean("clip_sample", true);
        clipRange = (float) config.getDouble("clip_sample_range", 1.0);
        config.requireOff("thresholding", " by this port; set clip_sample instead");
        varianceType = config.getChoice("variance_type", "fixed_small",
                "fixed_small", "fixed_small_log", "fixed_large");
        spacing = config.getChoice("timestep_spacing", "leading", "leading", "trailing", "linspace");
        stepsOffset = config.getInt("steps_offset", 0, 0);
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public SchedulerRun newRun(ScheduleRequest request) {
        if (request.hasSigmas()) {
            throw new IllegalArgumentException("DDPMScheduler takes a number of steps, not custom sigmas");
        }
        int n = request.steps();
        if (n > schedule.trainTimesteps) {
            throw new IllegalArgumentException("DDPMScheduler: " + n + " inference steps exceed the "
                    + schedule.trainTimesteps + " training timesteps");
        }
        return new Run(BetaSchedule.spacedTimesteps(spacing, schedule.trainTimesteps, n, stepsOffset), n);
    }

    private final class Run extends TabulatedRun {
        private final int[] trainingSteps;
        private final int stepRatio;
        private float[] noise;

        Run(int[] trainingSteps, int n) {
            super(asFloats(trainingSteps), new float[0], 1.0f);
            this.trainingSteps = trainingSteps;
            this.stepRatio = schedule.trainTimesteps / n;
        }






        @Override
        public void step(int i, float[] modelOutput, float[] sample, NoiseSource noiseSource) {
            int t = trainingSteps[i];
            int prevT = t - stepRatio;
            float acp = schedule.alphasCumprod[t];
            float acpPrev = prevT >= 0 ? schedule.alphasCumprod[prevT] : 1.0f;
            float betaProd = 1 - acp;
            float betaProdPrev = 1 - acpPrev;
            float currentAlpha = acp / acpPrev;
            float currentBeta = 1 - currentAlpha;
            float sqrtAcp = (float) Math.sqrt(acp);
            float sqrtBetaProd = (float) Math.sqrt(betaProd);
            float x0Coeff = (float) Math.sqrt(acpPrev) * currentBeta / betaProd;
            float sampleCoeff = (float) Math.sqrt(currentAlpha) * betaProdPrev / betaProd;
            float std = 0f;
            if (t > 0) {
                float variance = Math.max(betaProdPrev / betaProd * currentBeta, 1e-20f);
                switch (varianceType) {
                    case "fixed_small":
                        std = (float) Math.sqrt(variance);
                        break;
                    case "fixed_small_log":
                        // diffusers multiplies the noise by exp(0.5 * log(variance)) directly, without a square root.
                        std = (float) Math.exp(0.5 * Math.log(variance));
                        break;
                    default: // fixed_large
                        std = (float) Math.sqrt(currentBeta);
                }
                if (noise == null || noise.length != sample.length) {
                    noise = new float[sample.length];
                }
                noiseSource.fillStandardNormal(noise);
            }
            for (int k = 0; k < sample.length; k++) {
                float x = sample[k];
                float out = modelOutput[k];
                float x0;
                switch (prediction) {
                    case EPSILON:
                        x0 = (x - sqrtBetaProd * out) / sqrtAcp;
                        break;
                    case V_PREDICTION:
                        x0 = sqrtAcp * x - sqrtBetaProd * out;
                        break;
                    default:
                        x0 = out;
                }
                if (clipSample) {
                    x0 = Math.max(-clipRange, Math.min(clipRange, x0));
                }
                float prev = x0Coeff * x0 + sampleCoeff * x;
                if (t > 0) {
                    prev = prev + std * noise[k];
                }
                sample[k] = prev;
            }
        }

        @Override
        public void addNoise(float[] original, float[] noise, int i, float[] out) {
            addNoiseAt(schedule, trainingSteps[i], original, noise, out);
        }
    }

    /** diffusers' DDPM/DDIM {@code add_noise}: sqrt(acp)·x + sqrt(1 − acp)·noise. */
    static void addNoiseAt(BetaSchedule schedule, int t, float[] original, float[] noise, float[] out) {
        float acp = schedule.alphasCumprod[t];
        float a = (float) Math.sqrt(acp);
        float b = (float) Math.sqrt(1 - acp);
        for (int k = 0; k < original.length; k++) {
            out[k] = a * original[k] + b * noise[k];
        }
    }
}
