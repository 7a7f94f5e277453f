package dev.qwenimage.scheduler;

/**
 * The noise schedule of the discrete-time (DDPM-family) schedulers: betas and their cumulative alpha products,
 * computed with the same float32/float64 mix as diffusers and torch, so trajectories match to float rounding.
 */
final class BetaSchedule {

    /** The beta schedules diffusers' DDPM-family schedulers accept and this port implements. */
    static final String[] SUPPORTED = {"linear", "scaled_linear", "squaredcos_cap_v2"};

    final int trainTimesteps;
    final float[] betas;
    final float[] alphasCumprod;

    private BetaSchedule(float[] betas) {
        this.trainTimesteps = betas.length;
        this.betas = betas;
        this.alphasCumprod = cumprod(betas);
    }

    /**
     * Reads {@code num_train_timesteps}, {@code beta_start}, {@code beta_end}, {@code beta_schedule},
     * {@code trained_betas} and {@code rescale_betas_zero_snr}.
     */
    static BetaSchedule from(SchedulerConfig config) {
        int n = config.getInt("num_train_timesteps", 1000, 2);
        double start = config.getDouble("beta_start", 0.0001);
        double end = config.getDouble("beta_end", 0.02);
        double[] trained = config.getDoubleArray("trained_betas");
        float[] betas;
        if (trained != null) {
            betas = new float[trained.length];
            for (int i = 0; i < trained.length; i++) {
                betas[i] = (float) trained[i];
            }
        } else {
            String schedule = config.getChoice("beta_schedule", "linear", SUPPORTED);
            switch (schedule) {
                case "linear":
                    betas = linspace((float) start, (float) end, n);
                    break;
                case "scaled_linear":
                    // torch.linspace(beta_start**0.5, beta_end**0.5, n, dtype=float32) ** 2
                    betas = linspace((float) Math.sqrt(start), (float) Math.sqrt(end), n);
                    for (int i = 0; i < n; i++) {
                        betas[i] = betas[i] * betas[i];
                    }
                    break;
                default:
                    betas = squaredCosine(n, 0.999);
            }
        }
        if (config.getBoolean("rescale_betas_zero_snr", false)) {
            betas = rescaleZeroTerminalSnr(betas);
        }
        return new BetaSchedule(betas);
    }

    /** torch.linspace in float32: the first half counts up from start, the second half down from end. */
    static float[] linspace(float start, float end, int steps) {
        float[] out = new float[steps];
        if (steps == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (steps - 1);
        int halfway = steps / 2;
        for (int i = 0; i < steps; i++) {
            out[i] = i < halfway ? start + step * i : end - step * (steps - i - 1);
        }
        return out;
    }

    /** diffusers' betas_for_alpha_bar with the cosine transform (Nichol &amp; Dhariwal 2021), in float64. */
    static float[] squaredCosine(int n, double maxBeta) {
        float[] betas = new float[n];
        for (int i = 0; i < n; i++) {
            double t1 = (double) i / n;
            double t2 = (double) (i + 1) / n;
            betas[i] = (float) Math.min(1 - alphaBar(t2) / alphaBar(t1), maxBeta);
        }
        return betas;
    }

    private static double alphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** torch.cumprod on CPU accumulates float32 products in float64 and stores float32. */
    static float[] cumprod(float[] betas) {
        float[] out = new float[betas.length];
        double acc = 1.0;
        for (int i = 0; i < betas.length; i++) {
            acc *= (1.0f - betas[i]);
            out[i] = (float) acc;
        }
        return out;
    }

    /** Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps are Flawed", algorithm 1. */
    static float[] rescaleZeroTerminalSnr(float[] betas) {
        int n = betas.length;
        float[] acp = cumprod(betas);
        float[] sqrt = new float[n];
        for (int i = 0; i < n; i++) {
            sqrt[i] = (float) Math.sqrt(acp[i]);
        }
        float first = sqrt[0];
        float last = sqrt[n - 1];
        float scale = first / (first - last);
        float[] alphaBar = new float[n];
        for (int i = 0; i < n; i++) {
            float s = (sqrt[i] - last) * scale;
            alphaBar[i] = s * s;
        }
        float[] out = new float[n];
        out[0] = 1 - alphaBar[0];
        for (int i = 1; i < n; i++) {
            out[i] = 1 - alphaBar[i] / alphaBar[i - 1];
        }
        return out;
    }

    /**
     * Inference timesteps for DDPM/DDIM (diffusers' timestep_spacing), highest first.
     */
    static int[] spacedTimesteps(String spacing, int trainTimesteps, int steps, int stepsOffset) {
        int[] t = new int[steps];
        switch (spacing) {
            case "linspace": {
                double step = (double) (trainTimesteps - 1) / Math.max(steps - 1, 1);
                for (int i = 0; i < steps; i++) {
                    double v = steps == 1 ? 0 : (i == steps - 1 ? trainTimesteps - 1 : i * step);
                    t[steps - 1 - i] = (int) Math.rint(v);
                }
                break;
            }
            case "leading": {
                int ratio = trainTimesteps / steps;
                for (int i = 0; i < steps; i++) {
                    t[steps - 1 - i] = i * ratio + stepsOffset;
                }
                break;
            }
            case "trailing": {
                double ratio = (double) trainTimesteps / steps;
                for (int i = 0; i < steps; i++) {
                    t[i] = (int) Math.rint(trainTimesteps - i * ratio) - 1;
                }
                break;
            }
            default:
                throw new IllegalArgumentException("timestep_spacing " + spacing);
        }
        return t;
    }
}
