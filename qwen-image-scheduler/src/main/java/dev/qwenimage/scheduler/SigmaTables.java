package dev.qwenimage.scheduler;

/**
 * Conversions between the discrete training schedule and Karras-style sigmas shared by the Euler and DPM-Solver
 * ports: {@code sigma(t) = sqrt((1 − acp[t]) / acp[t])}, linear interpolation in t and the inverse via log-sigma.
 */
final class SigmaTables {

    private SigmaTables() {
    }

    /** float32 sigmas of every training timestep, ascending in t (as numpy holds them). */
    static float[] trainingSigmas(float[] alphasCumprod) {
        float[] s = new float[alphasCumprod.length];
        for (int t = 0; t < s.length; t++) {
            float a = alphasCumprod[t];
            s[t] = (float) Math.sqrt((1 - a) / a);
        }
        return s;
    }

    /**
     * Karras et al. 2022, eq. 5, with rho = 7: n sigmas from sigmaMax down to sigmaMin, in float64 (diffusers'
     * {@code _convert_to_karras}; callers cast to float32 where diffusers does).
     */
    static double[] karras(double sigmaMin, double sigmaMax, int n) {
        double rho = 7.0;
        double minInv = Math.pow(sigmaMin, 1 / rho);
        double maxInv = Math.pow(sigmaMax, 1 / rho);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double ramp = n == 1 ? 0 : (i == n - 1 ? 1.0 : (double) i / (n - 1));
            out[i] = Math.pow(maxInv + ramp * (minInv - maxInv), rho);
        }
        return out;
    }

    /** np.interp(t, arange(len), table) in float64. */
    static double interpolate(float[] table, double t) {
        if (t <= 0) {
            return table[0];
        }
        if (t >= table.length - 1) {
            return table[table.length - 1];
        }
        int lo = (int) Math.floor(t);
        double w = t - lo;
        return table[lo] + (table[lo + 1] - (double) table[lo]) * w;
    }

    /** diffusers' {@code _sigma_to_t}: the fractional training timestep of a sigma, through log-sigma. */
    static double sigmaToT(double sigma, float[] trainingSigmas) {
        int n = trainingSigmas.length;
        double logSigma = Math.log(Math.max(sigma, 1e-10));
        // low_idx = last index whose log-sigma is <= log_sigma, clipped to n - 2
        int low = 0;
        for (int i = 0; i < n; i++) {
            if (logSigma - (float) Math.log(trainingSigmas[i]) >= 0) {
                low = i;
            }
        }
        low = Math.min(low, n - 2);
        double lowLog = (float) Math.log(trainingSigmas[low]);
        double highLog = (float) Math.log(trainingSigmas[low + 1]);
        double w = (lowLog - logSigma) / (lowLog - highLog);
        w = Math.max(0, Math.min(1, w));
        return (1 - w) * low + w * (low + 1);
    }
}
