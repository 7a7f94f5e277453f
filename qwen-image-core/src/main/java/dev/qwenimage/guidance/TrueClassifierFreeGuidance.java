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
     */
    public static void apply(float[] conditional, float[] unconditional, float scale, int tokens, int dim) {
        for (int t = 0; t < tokens; t++) {
            int base = t * dim;
            double condSq = 0;
            double combSq = 0;
            for (int k = base; k < base + dim; k++) {
                float v = conditional[k];
                float vn = unconditional[k];
                float c = vn + scale * (v - vn);
                condSq += (double) v * v;
                combSq += (double) c * c;
                conditional[k] = c;
            }
            float ratio = (float) Math.sqrt(condSq) / (float) Math.sqrt(combSq);
            for (int k = base; k < base + dim; k++) {
                conditional[k] = conditional[k] * ratio;
            }
        }
    }
}
