package dev.qwenimage.testing;

import dev.qwenimage.GeneratedImage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ten colours of the qwen-image-micro model card. Blue (30, 70, 220) and red (220, 30, 30) are the card's values
 * as the issue gives them; the other eight were measured as the dominant colour of a background the model itself
 * draws for "on a COLOUR background" (the same measurement gives red 220,32,29 and blue 28,70,221).
 */
public final class ShapePalette {

    /** Colour name to RGB. */
    public static final Map<String, int[]> COLOURS = new LinkedHashMap<>();

    static {
        COLOURS.put("red", new int[] {220, 30, 30});
        COLOURS.put("green", new int[] {30, 170, 50});
        COLOURS.put("blue", new int[] {30, 70, 220});
        COLOURS.put("yellow", new int[] {240, 218, 32});
        COLOURS.put("purple", new int[] {142, 41, 179});
        COLOURS.put("orange", new int[] {243, 136, 19});
        COLOURS.put("white", new int[] {242, 248, 248});
        COLOURS.put("black", new int[] {16, 13, 14});
        COLOURS.put("pink", new int[] {247, 128, 191});
        COLOURS.put("cyan", new int[] {36, 205, 221});
    }

    private ShapePalette() {
    }

    /**
     * @param r red 0-255
     * @param g green
     * @param b blue
     * @return the palette colour nearest in RGB
     */
    public static String nearest(int r, int g, int b) {
        String best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Map.Entry<String, int[]> e : COLOURS.entrySet()) {
            int[] c = e.getValue();
            long d = (long) (r - c[0]) * (r - c[0]) + (long) (g - c[1]) * (g - c[1]) + (long) (b - c[2]) * (b - c[2]);
            if (d < bestDistance) {
                bestDistance = d;
                best = e.getKey();
            }
        }
        return best;
    }

    /**
     * @param image an image
     * @param colour a palette colour name
     * @return the fraction of pixels nearest to that colour
     */
    public static double fraction(GeneratedImage image, String colour) {
        return fraction(image, colour, 0, 0, image.width(), image.height());
    }

    /**
     * @param image an image
     * @param colour a palette colour name
     * @param x0 left column, inclusive
     * @param y0 top row, inclusive
     * @param x1 right column, exclusive
     * @param y1 bottom row, exclusive
     * @return the fraction of pixels of the rectangle nearest to that colour
     */
    public static double fraction(GeneratedImage image, String colour, int x0, int y0, int x1, int y1) {
        int hits = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (colour.equals(nearest(image.pixel(x, y, 0), image.pixel(x, y, 1), image.pixel(x, y, 2)))) {
                    hits++;
                }
            }
        }
        return (double) hits / ((x1 - x0) * (y1 - y0));
    }
}
