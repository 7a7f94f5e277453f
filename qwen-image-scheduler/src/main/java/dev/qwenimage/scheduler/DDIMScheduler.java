package dev.qwenimage.scheduler;

/**
 * Denoising diffusion implicit models: diffusers' {@code DDIMScheduler} (Song et al. 2021, "Denoising Diffusion
 * Implicit Models"), deterministic at {@code eta = 0} and stochastic for {@code eta > 0} with noise from the caller.
 *
 * <p>Timestep spacing leading, trailing and linspace with {@code steps_offset} (Lin et al. 2023, table 2);
 * {@code set_alpha_to_one}; {@code rescale_betas_zero_snr}; prediction types epsilon, v_prediction and sample;
 * {@code clip_sample}. Thresholding is rejected.
 */
public final class DDIMScheduler implements Scheduler {

    /** The {@code _class_name} this scheduler reads. */
    public static final String CLASS_NAME = "DDIMScheduler";

    private final BetaSchedule schedule;
    private final PredictionType prediction;
    private final boolean clipSample;
    private final float clipRange;
    private final float finalAlphaCumprod;
    private final String spacing;
    private final int stepsOffset;
    private final float eta;

    /**
     * Builds the scheduler from its config, with {@code eta = 0}.
     *
     * @param config a diffusers {@code DDIMScheduler} config
     * @throws IllegalArgumentException for values this port does not support
     */
    public DDIMScheduler(SchedulerConfig config) {
        this(config, 0.0);
    }

    /**
     * Builds the scheduler from its config with a given {@code eta} (diffusers passes it to {@code step}).
     *
     * @param config a diffusers {@code DDIMScheduler} config
     * @param eta the weight of the stochastic part, 0 (DDIM) to 1 (DDPM-like), as in the paper's eq. 16
     */
    public DDIMScheduler(SchedulerConfig config, double eta) {
        if (!(eta >= 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("DDIM eta must be a finite value >= 0, got " + eta);
        }
        schedule = BetaSchedule.from(config);
        prediction = PredictionType.read(config, PredictionType.values());
        clipSample = config.getBoolean("clip_sample", true);
        clipRange = (float) config.getDouble("clip_sample_range", 1.0);
        config.requireOff("thresholding", " by this port; set clip_sample instead");
        finalAlphaCumprod = config.getBoolean("set_alpha_to_one", true) ? 1.0f : schedule.alphasCumprod[0];
        spacing = config.getChoice("timestep_spacing", "leading", "leading", "trailing", "linspace");
        stepsOffset = config.getInt("steps_offset", 0, 0);
        this.eta = (float) eta;
    }

    private DDIMScheduler(DDIMScheduler base, float eta) {
        schedule = base.schedule;
        prediction = base.prediction;
        clipSample = base.clipSample;
        clipRange = base.clipRange;
        finalAlphaCumprod = base.finalAlphaCumprod;
        spacing = base.spacing;
        stepsOffset = base.stepsOffset;
        this.eta = eta;
    }

    /**
     * @param eta the new eta, finite and &gt;= 0
     * @return this scheduler with another eta
     */
    public DDIMScheduler withEta(double eta) {
        if (!(eta >= 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("DDIM eta must be a finite value >= 0, got " + eta);
        }
        return new DDIMScheduler(this, (float) eta);
    }

    /** @return eta */
    public double eta() {
        return eta;
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public SchedulerRun newRun(ScheduleRequest request) {
        if (request.hasSigmas()) {
            throw new IllegalArgumentException("DDIMScheduler takes a number of steps, not custom sigmas");
        }
        int n = request.steps();
        if (n > schedule.trainTimesteps) {
            throw new IllegalArgumentException("DDIMScheduler: " + n + " inference steps exceed the "
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
            float acpPrev = prevT >= 0 ? schedule.alphasCumprod[prevT] : finalAlphaCumprod;
            float betaProd = 1 - acp;
            float betaProdPrev = 1 - acpPrev;
            float sqrtAcp = (float) Math.sqrt(acp);
            float sqrtBeta = (float) Math.sqrt(betaProd);
            float sqrtAcpPrev = (float) Math.sqrt(acpPrev);
            float variance = (betaProdPrev / betaProd) * (1 - acp / acpPrev);
            float std = eta * (float) Math.sqrt(variance);
            float direction = (float) Math.sqrt(1 - acpPrev - std * std);
            if (eta > 0) {
                if (noise == null || noise.length != sample.length) {
                    noise = new float[sample.length];
                }
                noiseSource.fillStandardNormal(noise);
            }
            for (int k = 0; k < sample.length; k++) {
                float x = sample[k];
                float out = modelOutput[k];
                float x0;
                float eps;
                switch (prediction) {
                    case EPSILON:
                        x0 = (x - sqrtBeta * out) / sqrtAcp;
                        eps = out;
                        break;
                    case V_PREDICTION:
                        x0 = sqrtAcp * x - sqrtBeta * out;
                        eps = sqrtAcp * out + sqrtBeta * x;
                        break;
                    default:
                        x0 = out;
                        eps = (x - sqrtAcp * x0) / sqrtBeta;
                }
                if (clipSample) {
                    x0 = Math.max(-clipRange, Math.min(clipRange, x0));
                }
                float prev = sqrtAcpPrev * x0 + direction * eps;
                if (eta > 0) {
                    prev = prev + std * noise[k];
                }
                sample[k] = prev;
            }
        }

        @Override
        public void addNoise(float[] original, float[] noise, int i, float[] out) {
            DDPMScheduler.addNoiseAt(schedule, trainingSteps[i], original, noise, out);
        }
    }
}
