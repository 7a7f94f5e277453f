package dev.qwenimage.editing;

/**
 * Resizes 8-bit images the way Pillow's {@code Image.resize(size, Image.LANCZOS)} does, which is what diffusers'
 * {@code VaeImageProcessor} uses when a source or mask does not have the requested size: a separable Lanczos-3
 * filter whose support widens when downscaling, normalized 22-bit fixed-point weights, a horizontal then a vertical
 * pass, and rounding to 8 bits between them. Stateless.
 */
final class LanczosResampler {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 3.0;

    private LanczosResampler() {
    }

    /**
     * @param src channel-interleaved 8-bit values, rows first
     * @param width source width
     * @param height source height
     * @param channels values per pixel
     * @param outWidth target width
     * @param outHeight target height
     * @return the resized values
     */
    static int[] resize(int[] src, int width, int height, int channels, int outWidth, int outHeight) {
        int[] current = src;
        int w = width;
        if (outWidth != width) {
            current = pass(current, w, height, channels, outWidth, true);
            w = outWidth;
        }
        if (outHeight != height) {
            current = pass(current, w, height, channels, outHeight, false);
        }
        return current == src ? src.clone() : current;
    }

    private static int[] pass(int[] src, int width, int height, int channels, int outSize, boolean horizontal) {
        int inSize = horizontal ? width : height;
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        int kSize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[outSize * 2];
        int[] k = new int[outSize * kSize];
        double[] weights = new double[kSize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double total = 0;
            for (int x = 0; x < xmax; x++) {
                double w = lanczos((x + xmin - center + 0.5) * ss);
                weights[x] = w;
                total += w;
            }
            for (int x = 0; x < kSize; x++) {
                double w = x < xmax ? (total != 0 ? weights[x] / total : weights[x]) : 0;
                k[xx * kSize + x] = (int) (w * (1 << PRECISION_BITS) + (w < 0 ? -0.5 : 0.5));
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        int outW = horizontal ? outSize : width;
        int outH = horizontal ? height : outSize;
        int[] out = new int[outW * outH * channels];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = horizontal ? x : y;
                int min = bounds[o * 2];
                int count = bounds[o * 2 + 1];
                for (int c = 0; c < channels; c++) {
                    long acc = 1L << (PRECISION_BITS - 1);
                    for (int i = 0; i < count; i++) {
                        int sx = horizontal ? min + i : x;
                        int sy = horizontal ? y : min + i;
                        acc += (long) src[(sy * width + sx) * channels + c] * k[o * kSize + i];
                    }
                    long v = acc >> PRECISION_BITS;
                    out[(y * outW + x) * channels + c] = (int) Math.max(0, Math.min(255, v));
                }
            }
        }
        return out;
    }

    private static double lanczos(double x) {
        if (-SUPPORT <= x && x < SUPPORT) {
            return sinc(x) * sinc(x / SUPPORT);
        }
        return 0.0;
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        x = x * Math.PI;
        return Math.sin(x) / x;
    }
}
