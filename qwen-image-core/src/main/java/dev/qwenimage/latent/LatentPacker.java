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
        int dim = grid.tokenDim();
        int per = grid.valuesPerImage();
        // The mirror of unpack's loop order: sequential reads of each plane's two rows, one token row written in L1.
        for (int b = 0; b < batch; b++) {
            int image = b * per;
            for (int r = 0; r < rows; r++) {
                int tokenRow = image + r * cols * dim;
                for (int ch = 0; ch < c; ch++) {
                    int top = image + ch * h * w + (2 * r) * w;
                    int bottom = top + w;
                    int dst = tokenRow + ch * 4;
                    for (int col = 0; col < cols; col++, dst += dim) {
                        out[dst] = latents[top + 2 * col];
                        out[dst + 1] = latents[top + 2 * col + 1];
                        out[dst + 2] = latents[bottom + 2 * col];
                        out[dst + 3] = latents[bottom + 2 * col + 1];
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
        int dim = grid.tokenDim();
        int per = grid.valuesPerImage();
        // Row of tokens, then channel, then column: one token row (cols · 4C values) stays in L1 while it is spread
        // over the C planes, and each plane's two output rows are written sequentially.
        for (int b = 0; b < batch; b++) {
            int image = b * per;
            for (int r = 0; r < rows; r++) {
                int tokenRow = image + r * cols * dim;
                for (int ch = 0; ch < c; ch++) {
                    int top = image + ch * h * w + (2 * r) * w;
                    int bottom = top + w;
                    int src = tokenRow + ch * 4;
                    for (int col = 0; col < cols; col++, src += dim) {
                        out[top + 2 * col] = packed[src];
                        out[top + 2 * col + 1] = packed[src + 1];
                        out[bottom + 2 * col] = packed[src + 2];
                        out[bottom + 2 * col + 1] = packed[src + 3];
                    }
                }
            }
        }
    }
}
