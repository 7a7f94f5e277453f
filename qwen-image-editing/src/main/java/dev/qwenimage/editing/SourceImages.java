package dev.qwenimage.editing;

import java.awt.image.BufferedImage;

/**
 * Converts the editing inputs as diffusers' image processors do: RGB to [-1, 1] ({@code 2·(v/255) − 1} in float32),
 * masks to grayscale (Pillow's {@code convert("L")}) binarized at 50% and sampled to the latent grid by nearest
 * neighbour. Stateless.
 */
final class SourceImages {

    private SourceImages() {
    }

    /** @return the image's 8-bit RGB values, interleaved, rows first */
    static int[] rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            out[i * 3] = (argb[i] >> 16) & 0xff;
            out[i * 3 + 1] = (argb[i] >> 8) & 0xff;
            out[i * 3 + 2] = argb[i] & 0xff;
        }
        return out;
    }

    /** @return the image's 8-bit luminance, Pillow's ITU-R 601-2 integer conversion (a gray image as is) */
    static int[] gray(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[w * h];
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            image.getRaster().getPixels(0, 0, w, h, out);
            return out;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int r = (argb[i] >> 16) & 0xff;
            int g = (argb[i] >> 8) & 0xff;
            int b = argb[i] & 0xff;
            out[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
        }
        return out;
    }

    /** 8-bit RGB [H, W, 3] to the VAE input [1, 3, H, W] in [-1, 1]. */
    static float[] toVaeInput(int[] rgb, int width, int height) {
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                float v = rgb[p * 3 + c] / 255f;
                out[c * plane + p] = 2f * v - 1f;
            }
        }
        return out;
    }

    /**
     * Binarizes an 8-bit mask at 50% (values of 128 and above repaint) and samples it to the latent grid by nearest
     * neighbour (torch's {@code interpolate(mode="nearest")}: source index {@code floor(i · in/out)}).
     *
     * @return [h, w] of 0 (keep) and 1 (repaint)
     */
    static float[] latentMask(int[] gray, int width, int height, int latentWidth, int latentHeight) {
        float[] out = new float[latentWidth * latentHeight];
        double sy = (double) height / latentHeight;
        double sx = (double) width / latentWidth;
        for (int y = 0; y < latentHeight; y++) {
            int srcY = Math.min(height - 1, (int) Math.floor(y * sy));
            for (int x = 0; x < latentWidth; x++) {
                int srcX = Math.min(width - 1, (int) Math.floor(x * sx));
                out[y * latentWidth + x] = gray[srcY * width + srcX] / 255f >= 0.5f ? 1f : 0f;
            }
        }
        return out;
    }
}
