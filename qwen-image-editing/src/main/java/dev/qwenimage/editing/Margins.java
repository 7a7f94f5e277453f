package dev.qwenimage.editing;

/**
 * How far to extend a canvas for outpainting, in pixels on each side. Immutable.
 *
 * @param left pixels added on the left
 * @param top pixels added on top
 * @param right pixels added on the right
 * @param bottom pixels added at the bottom
 */
public record Margins(int left, int top, int right, int bottom) {

    /**
     * Creates the value, checking it.
     *
     * @param left pixels added on the left
     * @param top pixels added on top
     * @param right pixels added on the right
     * @param bottom pixels added at the bottom
     */
    public Margins {
        if (left < 0 || top < 0 || right < 0 || bottom < 0) {
            throw new IllegalArgumentException("outpaint margins must not be negative, got " + left + "," + top + ","
                    + right + "," + bottom + " (left,top,right,bottom)");
        }
        if (left + top + right + bottom == 0) {
            throw new IllegalArgumentException("outpaint margins are all 0: there is nothing to outpaint");
        }
    }

    /**
     * Parses {@code L,T,R,B}.
     *
     * @param text four integers separated by commas
     * @return the margins
     */
    public static Margins parse(String text) {
        String[] p = text.split(",");
        if (p.length != 4) {
            throw new IllegalArgumentException("outpaint margins '" + text + "': expected L,T,R,B, four integers");
        }
        try {
            return new Margins(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()),
                    Integer.parseInt(p[2].trim()), Integer.parseInt(p[3].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("outpaint margins '" + text + "': expected L,T,R,B, four integers", e);
        }
    }

    /**
     * @param multiple the multiple each margin must be (2 × the VAE scale factor)
     * @throws IllegalArgumentException if a margin is not a multiple
     */
    void requireMultipleOf(int multiple) {
        for (int m : new int[] {left, top, right, bottom}) {
            if (m % multiple != 0) {
                throw new IllegalArgumentException("outpaint margins " + this.left + "," + this.top + "," + this.right + ","
                        + this.bottom + " must be multiples of " + multiple + " (2 × the VAE scale factor) so the "
                        + "source stays aligned with the latent grid");
            }
        }
    }
}
