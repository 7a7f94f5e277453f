package dev.qwenimage.latent;

/**
 * Packs latents [B, C, h, w] into tokens [B, (h/2)(w/2), 4C] and back, as diffusers' {@code _pack_latents} and
 * {@code _unpack_latents}: view [B, C, h/2, 2, w/2, 2], permute to [B, h/2, w/2, C, 2, 2], flatten. Stateless.
 */
public final class LatentPacker {

    private LatentPacker() {
    }

    /**
     * @param latents [B, C, h, w], C order
     * @param batch B
     * @param grid the grid
     * @param out receives [B, (h/2)(w/2), 4C]; must not be {@code latents}
     */
    public static void pack(float[] latents, int batch, LatentGrid grid, float[] out) {
        int c = grid.channels();
        int h = grid.height();
        int w = grid.width();
        int rows = grid.tokenRows();
        int cols = grid.tokenColumns();
        int per = grid.valuesPerImage();
        for (int b = 0; b < batch; b++) {
            int src = b * per;
            int dst = b * per;
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < cols; col++) {
                    for (int ch = 0; ch < c; ch++) {
                        int plane = src + ch * h * w;
                        int top = plane + (2 * r) * w + 2 * col;
                        int bottom = top + w;
                        out[dst++] = latents[top];
                        out[dst++] = latents[top + 1];
                        out[dst++] = latents[bottom];
                        out[dst++] = latents[bottom + 1];
                    }
                }
            }
        }
    }

    /**
     * @param packed [B, (h/2)(w/2), 4C]
     * @param batch B
     * @param grid the grid
     * @param out receives [B, C, h, w]; must not be {@code packed}
     */
    public static void unpack(float[] packed, int batch, LatentGrid grid, float[] out) {
        int c = grid.channels();
        int h = grid.height();
        int w = grid.width();
        int rows = grid.tokenRows();
        int cols = grid.tokenColumns();
        int per = grid.valuesPerImage();
        for (int b = 0; b < batch; b++) {
            int src = b * per;
            int dst = b * per;
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < cols; col++) {
                    for (int ch = 0; ch < c; ch++) {
                        int plane = dst + ch * h * w;
                        int top = plane + (2 * r) * w + 2 * col;
                        int bottom = top + w;
                        out[top] = packed[src++];
                        out[top + 1] = packed[src++];
                        out[bottom] = packed[src++];
                        out[bottom + 1] = packed[src++];
                    }
                }
            }
        }
    }
}
