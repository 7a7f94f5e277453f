package dev.qwenimage.scheduler;

/**
 * DPM-Solver++ multistep: diffusers' {@code DPMSolverMultistepScheduler} with {@code algorithm_type="dpmsolver++"}
 * (Lu et al. 2022, "DPM-Solver++: Fast Solver for Guided Sampling of Diffusion Probabilistic Models"), the
 * "DPM++ 2M" sampler of most UIs, optionally on Karras sigmas ("DPM++ 2M Karras").
 *
 * <p>Solver orders 1 and 2 with the midpoint or heun second-order update; {@code lower_order_final};
 * {@code euler_at_final}; {@code final_sigmas_type} zero or sigma_min; timestep spacing linspace, leading and
 * trailing; prediction types epsilon, v_prediction and sample. The SDE variants, order 3, thresholding, lu-lambdas
 * and flow sigmas are rejected.
 */
public final class DPMSolverMultistepScheduler implements Scheduler {

    /** The {@code _class_name} this scheduler reads. */
    public static final String CLASS_NAME = "DPMSolverMultistepScheduler";

    private final BetaSchedule schedule;
    private final float[] trainingSigmas;
    private final PredictionType prediction;
    private final int order;
    private final boolean midpoint;
    private final boolean lowerOrderFinal;
    private final boolean eulerAtFinal;
    private final boolean finalSigmaZero;
    private final String spacing;
    private final int stepsOffset;
    private final boolean karras;
    private final double lambdaMinClipped;

    /**
     * Builds the scheduler from its config.
     *
     * @param config a diffusers {@code DPMSolverMultistepScheduler} config
     * @throws IllegalArgumentException for values this port does not support
     */
    public DPMSolverMultistepScheduler(SchedulerConfig config) {
        BetaSchedule base = BetaSchedule.from(config);
        if (config.getBoolean("rescale_betas_zero_snr", false)) {
            base.alphasCumprod[base.alphasCumprod.length - 1] = 0x1p-24f;
        }
        schedule = base;
        trainingSigmas = SigmaTables.trainingSigmas(schedule.alphasCumprod);
        prediction = PredictionType.read(config, PredictionType.values());
        order = config.getInt("solver_order", 2, 1);
        if (order > 2) {
            throw new IllegalArgumentException(config.source() + ": solver_order " + order
                    + " is not supported; use 1 or 2 (DPM++ 2M)");
        }
        config.getChoice("algorithm_type", "dpmsolver++", "dpmsolver++");
        midpoint = config.getChoice("solver_type", "midpoint", "midpoint", "heun").equals("midpoint");
        lowerOrderFinal = config.getBoolean("lower_order_final", true);
        eulerAtFinal = config.getBoolean("euler_at_final", false);
        finalSigmaZero = config.getChoice("final_sigmas_type", "zero", "zero", "sigma_min").equals("zero");
        spacing = config.getChoice("timestep_spacing", "linspace", "linspace", "leading", "trailing");
        stepsOffset = config.getInt("steps_offset", 0, 0);
        karras = config.getBoolean("use_karras_sigmas", false);
        config.requireOff("thresholding", " by this port");
        config.requireOff("use_lu_lambdas", "; use use_karras_sigmas or the default sigmas");
        config.requireOff("use_exponential_sigmas", "; use use_karras_sigmas or the default sigmas");
        config.requireOff("use_beta_sigmas", "; use use_karras_sigmas or the default sigmas");
        config.requireOff("use_flow_sigmas", "; use FlowMatchEulerDiscreteScheduler for flow models");
        config.requireOff("use_dynamic_shifting", "; use FlowMatchEulerDiscreteScheduler for flow models");
        if (config.isSet("variance_type")) {
            throw new IllegalArgumentException(config.source() + ": learned variances (variance_type) are not supported");
        }
        lambdaMinClipped = config.getDouble("lambda_min_clipped", Double.NEGATIVE_INFINITY);
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public SchedulerRun newRun(ScheduleRequest request) {
        if (request.hasSigmas()) {
            throw new IllegalArgumentException("DPMSolverMultistepScheduler takes a number of steps, not custom sigmas");
        }
        int n = request.steps();
        int train = schedule.trainTimesteps;
        // Clip the smallest lambdas (lambda = log(alpha) - log(sigma)) for numerical stability.
        int clipped = 0;
        for (int t = train - 1; t >= 0; t--) {
            float a = schedule.alphasCumprod[t];
            double lambda = (float) Math.log((float) Math.sqrt(a)) - (float) Math.log((float) Math.sqrt(1 - a));
            if (lambda < lambdaMinClipped) {
                clipped++;
            } else {
                break;
            }
        }
        int lastTimestep = train - clipped;
        double[] t = new double[n];
        switch (spacing) {
            case "linspace": {
                // np.linspace(0, last - 1, n + 1).round()[::-1][:-1]
                double step = (double) (lastTimestep - 1) / n;
                for (int i = 1; i <= n; i++) {
                    t[n - i] = Math.rint(i == n ? lastTimestep - 1 : i * step);
                }
                break;
            }
            case "leading": {
                int ratio = lastTimestep / (n + 1);
                for (int i = 1; i <= n; i++) {
                    t[n - i] = i * ratio + stepsOffset;
                }
                break;
            }
            default: {
                double ratio = (double) train / n;
                for (int i = 0; i < n; i++) {
                    t[i] = Math.rint(lastTimestep - i * ratio) - 1;
                }
            }
        }
        float[] sigmas = new float[n + 1];
        int[] timesteps = new int[n];
        if (karras) {
            double sigmaMin = trainingSigmas[0];
            double sigmaMax = trainingSigmas[train - 1];
            double[] k = SigmaTables.karras(sigmaMin, sigmaMax, n);
            for (int i = 0; i < n; i++) {
                sigmas[i] = (float) k[i];
                timesteps[i] = (int) Math.rint(SigmaTables.sigmaToT(k[i], trainingSigmas));
            }
        } else {
            for (int i = 0; i < n; i++) {
                sigmas[i] = (float) SigmaTables.interpolate(trainingSigmas, t[i]);
                timesteps[i] = (int) t[i];
            }
        }
        sigmas[n] = finalSigmaZero ? 0f : trainingSigmas[0];
        return new Run(timesteps, sigmas);
    }

    private final class Run extends TabulatedRun {
        /** The data predictions (x0) of the previous and current step: the solver's history. */
        private float[] previous;
        private float[] current;
        private int lowerOrderNums;

        Run(int[] timesteps, float[] sigmas) {
            super(asFloats(timesteps), sigmas, 1.0f);
        }






        @Override
        public void step(int i, float[] modelOutput, float[] sample, NoiseSource noise) {
            int n = timesteps.length;
            boolean lowerFinal = i == n - 1 && (eulerAtFinal || (lowerOrderFinal && n < 15) || finalSigmaZero);
            if (current == null || current.length != sample.length) {
                current = new float[sample.length];
                previous = new float[sample.length];
            }
            // Rotate the history without allocating: the oldest buffer receives the new prediction.
            float[] swap = previous;
            previous = current;
            current = swap;
            convertToDataPrediction(i, modelOutput, sample, current);

            double sigT = sigmas[i + 1];
            double sigS0 = sigmas[i];
            double alphaT = alpha(sigT);
            double sigmaT = sigT * alphaT;
            double alphaS0 = alpha(sigS0);
            double sigmaS0 = sigS0 * alphaS0;
            double lambdaT = Math.log(alphaT) - Math.log(sigmaT);
            double lambdaS0 = Math.log(alphaS0) - Math.log(sigmaS0);
            double h = lambdaT - lambdaS0;
            float ratio = (float) (sigmaT / sigmaS0);
            float coeff = (float) (alphaT * (Math.exp(-h) - 1.0));
            if (order == 1 || lowerOrderNums < 1 || lowerFinal) {
                for (int k = 0; k < sample.length; k++) {
                    sample[k] = ratio * sample[k] - coeff * current[k];
                }
            } else {
                double sigS1 = sigmas[i - 1];
                double alphaS1 = alpha(sigS1);
                double sigmaS1 = sigS1 * alphaS1;
                double lambdaS1 = Math.log(alphaS1) - Math.log(sigmaS1);
                double r0 = (lambdaS0 - lambdaS1) / h;
                float d1Scale = (float) (1.0 / r0);
                float d1Coeff = midpoint
                        ? (float) (0.5 * alphaT * (Math.exp(-h) - 1.0))
                        : (float) -(alphaT * ((Math.exp(-h) - 1.0) / h + 1.0));
                for (int k = 0; k < sample.length; k++) {
                    float d0 = current[k];
                    float d1 = d1Scale * (d0 - previous[k]);
                    sample[k] = ratio * sample[k] - coeff * d0 - d1Coeff * d1;
                }
            }
            if (lowerOrderNums < order) {
                lowerOrderNums++;
            }
        }

        private double alpha(double sigma) {
            return 1 / Math.sqrt(sigma * sigma + 1);
        }

        private void convertToDataPrediction(int i, float[] modelOutput, float[] sample, float[] out) {
            double sigma = sigmas[i];
            float alphaT = (float) alpha(sigma);
            float sigmaT = (float) (sigma * alpha(sigma));
            for (int k = 0; k < out.length; k++) {
                switch (prediction) {
                    case EPSILON:
                        out[k] = (sample[k] - sigmaT * modelOutput[k]) / alphaT;
                        break;
                    case V_PREDICTION:
                        out[k] = alphaT * sample[k] - sigmaT * modelOutput[k];
                        break;
                    default:
                        out[k] = modelOutput[k];
                }
            }
        }

        @Override
        public void addNoise(float[] original, float[] noise, int i, float[] out) {
            double sigma = sigmas[i];
            float a = (float) alpha(sigma);
            float s = (float) (sigma * alpha(sigma));
            for (int k = 0; k < original.length; k++) {
                out[k] = a * original[k] + s * noise[k];
            }
        }
    }
}
