package dev.qwenimage.guidance;

/**
 * Qwen-Image's "true" classifier-free guidance (Ho &amp; Salimans 2022) with a per-token norm rescale: with {@code v}
 * the prediction for the prompt and {@code vn} for the negative prompt,
 * {@code c = vn + scale·(v − vn)}, then {@code c · ‖v‖ / ‖c‖} with the norms taken over each token's feature vector,
 * so guidance changes the direction of each token's velocity but not its length. Stateless.
 */
public final class TrueClassifierFreeGuidance {

    private TrueClassifierFreeGuidance() {
    }

    /**
     * Combines the two predictions into {@code conditional}, in place.
     *
     * @param conditional v, [tokens, dim]; receives the guided prediction
     * @param unconditional vn, same shape; not changed
     * @param scale the guidance scale
     * @param tokens the number of token vectors (batch × tokens per image)
     * @param dim the values per token
     * @return true if every value of both predictions was finite: a NaN or infinity in either makes its token's norm
     *     non-finite, so the check costs two comparisons per token instead of a pass over the values
     */
    public static boolean apply(float[] conditional, float[] unconditional, float scale, int tokens, int dim) {
        boolean finite = true;
        // Four independent float accumulators per norm (like torch's vectorized reduction) keep the loop from being
        // bound by the latency of one running sum; float accumulation over a 64-value token matches torch's float32.
        int blocked = dim & ~3;
        for (int t = 0; t < tokens; t++) {
            int base = t * dim;
            float cond0 = 0;
            float cond1 = 0;
            float cond2 = 0;
            float cond3 = 0;
            float comb0 = 0;
            float comb1 = 0;
            float comb2 = 0;
            float comb3 = 0;
            int k = base;
            for (; k < base + blocked; k += 4) {
                float v0 = conditional[k];
                float v1 = conditional[k + 1];
                float v2 = conditional[k + 2];
                float v3 = conditional[k + 3];
                float c0 = unconditional[k] + scale * (v0 - unconditional[k]);
                float c1 = unconditional[k + 1] + scale * (v1 - unconditional[k + 1]);
                float c2 = unconditional[k + 2] + scale * (v2 - unconditional[k + 2]);
                float c3 = unconditional[k + 3] + scale * (v3 - unconditional[k + 3]);
                cond0 += v0 * v0;
                cond1 += v1 * v1;
                cond2 += v2 * v2;
                cond3 += v3 * v3;
                comb0 += c0 * c0;
                comb1 += c1 * c1;
                comb2 += c2 * c2;
                comb3 += c3 * c3;
                conditional[k] = c0;
                conditional[k + 1] = c1;
                conditional[k + 2] = c2;
                conditional[k + 3] = c3;
            }
            for (; k < base + dim; k++) {
                float v = conditional[k];
                float c = unconditional[k] + scale * (v - unconditional[k]);
                cond0 += v * v;
                comb0 += c * c;
                conditional[k] = c;
            }
            float condNorm = (float) Math.sqrt((cond0 + cond1) + (cond2 + cond3));
            float combNorm = (float) Math.sqrt((comb0 + comb1) + (comb2 + comb3));
            finite &= Float.isFinite(condNorm) & Float.isFinite(combNorm);
            float ratio = condNorm / combNorm;
            for (k = base; k < base + dim; k++) {
                conditional[k] = conditional[k] * ratio;
            }
        }
        return finite;
    }
}
