package dev.qwenimage.scheduler;

/**
 * Euler's method on the probability-flow ODE of a discrete-time model: diffusers' {@code EulerDiscreteScheduler}
 * (Karras et al. 2022, "Elucidating the Design Space of Diffusion-Based Generative Models", algorithm 2 without
 * churn), optionally on Karras sigmas.
 *
 * <p>Prediction types epsilon, v_prediction and sample; timestep spacing leading, trailing and linspace; linear
 * sigma interpolation; {@code final_sigmas_type} zero or sigma_min; {@code rescale_betas_zero_snr}. The model input is
 * scaled by {@code 1/sqrt(sigma² + 1)} ({@link SchedulerRun#scaleModelInput}). Stochastic churn, the log-linear
 * interpolation, exponential and beta sigmas and continuous timesteps are rejected.
 */
public final class EulerDiscreteScheduler implements Scheduler {

    /** The {@code _class_name} this scheduler reads. */
    public static final String CLASS_NAME = "EulerDiscreteScheduler";

    private final BetaSchedule schedule;
    private final float[] trainingSigmas;
    private final PredictionType prediction;
    private final String spacing;
    private final int stepsOffset;
    private final boolean karras;
    private final boolean finalSigmaZero;

    /**
     * Builds the scheduler from its config.
     *
     * @param config a diffusers {@code EulerDiscreteScheduler} config
     * @throws IllegalArgumentException for values this port does not support
     */
    public EulerDiscreteScheduler(SchedulerConfig config) {
        BetaSchedule base = BetaSchedule.from(config);
        if (config.getBoolean("rescale_betas_zero_snr", false)) {
            // diffusers keeps the last alpha_cumprod just above zero so that sigma stays finite.
            base.alphasCumprod[base.alphasCumprod.length - 1] = 0x1p-24f;
        }
        schedule = base;
        trainingSigmas = SigmaTables.trainingSigmas(schedule.alphasCumprod);
        prediction = PredictionType.read(config, PredictionType.values());
        spacing = config.getChoice("timestep_spacing", "linspace", "leading", "trailing", "linspace");
        stepsOffset = config.getInt("steps_offset", 0, 0);
        config.getChoice("interpolation_type", "linear", "linear");
        config.getChoice("timestep_type", "discrete", "discrete");
        karras = config.getBoolean("use_karras_sigmas", false);
        config.requireOff("use_exponential_sigmas", "; use use_karras_sigmas or the default sigmas");
        config.requireOff("use_beta_sigmas", "; use use_karras_sigmas or the default sigmas");
        finalSigmaZero = config.getChoice("final_sigmas_type", "zero", "zero", "sigma_min").equals("zero");
        if (config.isSet("sigma_min") || config.isSet("sigma_max")) {
            throw new IllegalArgumentException(config.source() + ": sigma_min/sigma_max overrides are not supported; "
                    + "Karras sigmas span the training schedule's own range");
        }
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public SchedulerRun newRun(ScheduleRequest request) {
        if (request.hasSigmas()) {
            throw new IllegalArgumentException("EulerDiscreteScheduler takes a number of steps, not custom sigmas");
        }
        int n = request.steps();
        int train = schedule.trainTimesteps;
        double[] t = new double[n];
        switch (spacing) {
            case "linspace": {
                // np.linspace(0, T - 1, n, dtype=float32)[::-1]
                double step = n == 1 ? 0 : (double) (train - 1) / (n - 1);
                for (int i = 0; i < n; i++) {
                    t[n - 1 - i] = (float) (i == n - 1 && n > 1 ? train - 1 : i * step);
                }
                break;
            }
            case "leading": {
                int ratio = train / n;
                for (int i = 0; i < n; i++) {
                    t[n - 1 - i] = (float) (i * ratio) + stepsOffset;
                }
                break;
            }
            default: {
                double ratio = (double) train / n;
                for (int i = 0; i < n; i++) {
                    t[i] = (float) Math.rint(train - i * ratio) - 1;
                }
            }
        }
        float[] sigmas = new float[n + 1];
        float[] timesteps = new float[n];
        if (karras) {
            double sigmaMin = SigmaTables.interpolate(trainingSigmas, t[n - 1]);
            double sigmaMax = SigmaTables.interpolate(trainingSigmas, t[0]);
            double[] k = SigmaTables.karras(sigmaMin, sigmaMax, n);
            for (int i = 0; i < n; i++) {
                // diffusers computes the timesteps from the float64 Karras sigmas, then casts the sigmas to float32
                sigmas[i] = (float) k[i];
                timesteps[i] = (float) SigmaTables.sigmaToT(k[i], trainingSigmas);
            }
        } else {
            for (int i = 0; i < n; i++) {
                sigmas[i] = (float) SigmaTables.interpolate(trainingSigmas, t[i]);
                timesteps[i] = (float) t[i];
            }
        }
        sigmas[n] = finalSigmaZero ? 0f : trainingSigmas[0];
        float maxSigma = 0;
        for (float s : sigmas) {
            maxSigma = Math.max(maxSigma, s);
        }
        float initNoiseSigma = spacing.equals("leading")
                ? (float) Math.sqrt(maxSigma * maxSigma + 1) : maxSigma;
        return new Run(timesteps, sigmas, initNoiseSigma);
    }

    private final class Run extends TabulatedRun {

        Run(float[] timesteps, float[] sigmas, float initNoiseSigma) {
            super(timesteps, sigmas, initNoiseSigma);
        }






        @Override
        public void scaleModelInput(float[] sample, int i) {
            float sigma = sigmas[i];
            float scale = (float) Math.sqrt(sigma * sigma + 1);
            for (int k = 0; k < sample.length; k++) {
                sample[k] = sample[k] / scale;
            }
        }

        @Override
        public void step(int i, float[] modelOutput, float[] sample, NoiseSource noise) {
            float sigma = sigmas[i];
            float dt = sigmas[i + 1] - sigma;
            float c = (float) Math.sqrt(sigma * sigma + 1);
            float vOut = -sigma / c;
            float vSkipDen = sigma * sigma + 1;
            for (int k = 0; k < sample.length; k++) {
                float x = sample[k];
                float out = modelOutput[k];
                float x0;
                switch (prediction) {
                    case EPSILON:
                        x0 = x - sigma * out;
                        break;
                    case V_PREDICTION:
                        x0 = out * vOut + x / vSkipDen;
                        break;
                    default:
                        x0 = out;
                }
                float derivative = (x - x0) / sigma;
                sample[k] = x + derivative * dt;
            }
        }

        @Override
        public void addNoise(float[] original, float[] noise, int i, float[] out) {
            float sigma = sigmas[i];
            for (int k = 0; k < original.length; k++) {
                out[k] = original[k] + noise[k] * sigma;
            }
        }
    }
}
