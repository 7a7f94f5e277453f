package dev.qwenimage;

import dev.qwenimage.io.NpyArray;
import dev.qwenimage.io.PngParameters;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One generated image: RGB values in [0, 1] as the pipeline computed them (before 8-bit rounding), with conversions to
 * 8-bit pixels, {@link BufferedImage} and PNG. Immutable.
 */
public final class GeneratedImage {

    private final int width;
    private final int height;
    private final float[] rgb;
    private final GenerationParameters parameters;

    /**
     * @param width W
     * @param height H
     * @param rgb H·W·3 values in [0, 1], rows first, RGB interleaved
     */
    public GeneratedImage(int width, int height, float[] rgb) {
        this(width, height, rgb, null);
    }

    /**
     * @param width W
     * @param height H
     * @param rgb H·W·3 values in [0, 1], rows first, RGB interleaved
     * @param parameters how the image was made, written into saved PNGs; {@code null} for none
     */
    public GeneratedImage(int width, int height, float[] rgb, GenerationParameters parameters) {
        if (width < 1 || height < 1 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException("an image of " + width + "x" + height + " needs " + (width * height * 3)
                    + " values, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb.clone();
        this.parameters = parameters;
    }

    /** @return how the image was made, if known (it is for images from a generator) */
    public java.util.Optional<GenerationParameters> parameters() {
        return java.util.Optional.ofNullable(parameters);
    }

    /**
     * Reads the generation parameters a PNG saved by {@link #save} carries.
     *
     * @param png the file
     * @return the parameters, if the file has a {@code parameters} text chunk in this layout
     * @throws IOException if the file cannot be read as a PNG
     */
    public static java.util.Optional<GenerationParameters> readParameters(Path png) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(png)) {
            return PngParameters.read(in);
        }
    }

    /** @return W */
    public int width() {
        return width;
    }

    /** @return H */
    public int height() {
        return height;
    }

    /** @return a copy of the H·W·3 values in [0, 1] */
    public float[] rgb() {
        return rgb.clone();
    }

    /** @return the values as an [H, W, 3] float32 array, as diffusers' {@code output_type="np"} */
    public NpyArray toNpy() {
        return new NpyArray(new long[] {height, width, 3}, rgb);
    }

    /**
     * The 8-bit value of a channel, {@code round(255 · v)} with numpy's round-half-to-even, as diffusers'
     * {@code numpy_to_pil}.
     *
     * @param x column
     * @param y row
     * @param channel 0 red, 1 green, 2 blue
     * @return 0 to 255
     */
    public int pixel(int x, int y, int channel) {
        return (int) Math.rint(rgb[(y * width + x) * 3 + channel] * 255f);
    }

    /** @return the image as an 8-bit RGB {@link BufferedImage} */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = pixel(x, y, 0) << 16 | pixel(x, y, 1) << 8 | pixel(x, y, 2);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    /**
     * Saves the image as PNG, creating parent folders, with its generation parameters embedded when known.
     *
     * @param file the file to create or replace
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            writePng(out);
        }
    }

    /**
     * Writes the image as PNG, with its generation parameters in a {@code parameters} text chunk when known
     * (see {@link PngParameters}).
     *
     * @param out the stream; not closed
     * @throws IOException if writing fails
     */
    public void writePng(OutputStream out) throws IOException {
        PngParameters.write(toBufferedImage(), parameters, out);
    }

    @Override
    public String toString() {
        return "GeneratedImage[" + width + "x" + height + "]";
    }
}
