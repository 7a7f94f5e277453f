package dev.qwenimage.editing;

/**
 * Pastes the source's pixels back outside the mask after decoding, so unmasked pixels are exactly the source's
 * (the VAE round trip otherwise changes them a little), with a feathered seam: inside the mask the generated pixels
 * are kept; a pixel outside it at distance d from the mask takes {@code max(0, 1 − d/feather)} of the generated value.
 * Distances are chamfer (3-4) approximations of the Euclidean distance. Stateless.
 */
final class PasteBack {

    private PasteBack() {
    }

    /**
     * @param generated H·W·3 values in [0, 1], changed in place
     * @param source the source's 8-bit RGB values at the same size
     * @param repaint H·W booleans, true where the model repainted
     * @param width W
     * @param height H
     * @param feather the seam width in pixels; 0 for a hard edge
     */
    static void apply(float[] generated, int[] source, boolean[] repaint, int width, int height, int feather) {
        float[] alpha = alpha(repaint, width, height, feather);
        for (int p = 0; p < width * height; p++) {
            float a = alpha[p];
            for (int c = 0; c < 3; c++) {
                int i = p * 3 + c;
                generated[i] = a * generated[i] + (1 - a) * (source[i] / 255f);
            }
        }
    }

    /** The weight of the generated image per pixel: 1 in the mask, fading to 0 over {@code feather} pixels outside. */
    static float[] alpha(boolean[] repaint, int width, int height, int feather) {
        int n = width * height;
        float[] alpha = new float[n];
        if (feather <= 0) {
            for (int p = 0; p < n; p++) {
                alpha[p] = repaint[p] ? 1f : 0f;
            }
            return alpha;
        }
        final int inf = Integer.MAX_VALUE / 4;
        int[] d = new int[n];
        for (int p = 0; p < n; p++) {
            d[p] = repaint[p] ? 0 : inf;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (x > 0) {
                    d[p] = Math.min(d[p], d[p - 1] + 3);
                }
                if (y > 0) {
                    d[p] = Math.min(d[p], d[p - width] + 3);
                    if (x > 0) {
                        d[p] = Math.min(d[p], d[p - width - 1] + 4);
                    }
                    if (x < width - 1) {
                        d[p] = Math.min(d[p], d[p - width + 1] + 4);
                    }
                }
            }
        }
        for (int y = height - 1; y >= 0; y--) {
            for (int x = width - 1; x >= 0; x--) {
                int p = y * width + x;
                if (x < width - 1) {
                    d[p] = Math.min(d[p], d[p + 1] + 3);
                }
                if (y < height - 1) {
                    d[p] = Math.min(d[p], d[p + width] + 3);
                    if (x < width - 1) {
                        d[p] = Math.min(d[p], d[p + width + 1] + 4);
                    }
                    if (x > 0) {
                        d[p] = Math.min(d[p], d[p + width - 1] + 4);
                    }
                }
            }
        }
        for (int p = 0; p < n; p++) {
            float distance = d[p] / 3f;
            alpha[p] = Math.max(0f, 1f - distance / feather);
        }
        return alpha;
    }
}
