package dev.qwenimage.latent;

/**
 * The geometry of one image in latent space: C channels on an h × w grid (h = 2·⌊H/2f⌋, w = 2·⌊W/2f⌋ for an H × W image
 * and VAE scale factor f), packed into (h/2)·(w/2) tokens of 4·C values. Immutable.
 */
public final class LatentGrid {

    private final int channels;
    private final int height;
    private final int width;
    private final int scaleFactor;

    /**
     * @param channels C, the VAE's latent channels
     * @param height h, even
     * @param width w, even
     * @param scaleFactor f, pixels per latent position
     */
    public LatentGrid(int channels, int height, int width, int scaleFactor) {
        if (channels < 1 || height < 2 || width < 2 || height % 2 != 0 || width % 2 != 0 || scaleFactor < 1) {
            throw new IllegalArgumentException("invalid latent grid: C=" + channels + ", h=" + height + ", w=" + width
                    + ", f=" + scaleFactor + " (h and w must be even and at least 2)");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.scaleFactor = scaleFactor;
    }

    /**
     * The grid of an image size, as diffusers computes it.
     *
     * @param imageWidth W in pixels
     * @param imageHeight H in pixels
     * @param channels C
     * @param scaleFactor f
     * @return the grid
     * @throws IllegalArgumentException if the size is not a positive multiple of 2·f
     */
    public static LatentGrid forImage(int imageWidth, int imageHeight, int channels, int scaleFactor) {
        int multiple = 2 * scaleFactor;
        if (imageWidth < multiple || imageHeight < multiple || imageWidth % multiple != 0 || imageHeight % multiple != 0) {
            throw new IllegalArgumentException("image size " + imageWidth + "x" + imageHeight
                    + " is not supported: width and height must be positive multiples of " + multiple
                    + " (2 × the VAE scale factor " + scaleFactor + "), for example "
                    + Math.max(multiple, Math.round(imageWidth / (float) multiple) * multiple) + "x"
                    + Math.max(multiple, Math.round(imageHeight / (float) multiple) * multiple));
        }
        return new LatentGrid(channels, 2 * (imageHeight / multiple), 2 * (imageWidth / multiple), scaleFactor);
    }

    /** @return C */
    public int channels() {
        return channels;
    }

    /** @return h, latent rows */
    public int height() {
        return height;
    }

    /** @return w, latent columns */
    public int width() {
        return width;
    }

    /** @return f */
    public int scaleFactor() {
        return scaleFactor;
    }

    /** @return H = h·f, image rows */
    public int imageHeight() {
        return height * scaleFactor;
    }

    /** @return W = w·f, image columns */
    public int imageWidth() {
        return width * scaleFactor;
    }

    /** @return rows of 2×2 patches, h/2 */
    public int tokenRows() {
        return height / 2;
    }

    /** @return columns of 2×2 patches, w/2 */
    public int tokenColumns() {
        return width / 2;
    }

    /** @return Li = (h/2)(w/2), image tokens per image */
    public int tokens() {
        return tokenRows() * tokenColumns();
    }

    /** @return 4·C, values per token */
    public int tokenDim() {
        return 4 * channels;
    }

    /** @return C·h·w, values per image (packed or not) */
    public int valuesPerImage() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return "LatentGrid{C=" + channels + ", h=" + height + ", w=" + width + ", f=" + scaleFactor + "}";
    }
}
