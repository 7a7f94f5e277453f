package dev.qwenimage.pipeline;

/**
 * A network produced, or an input held, NaN or infinite values. Reported with where it happened (network and step),
 * because a NaN image is otherwise silently black.
 */
public final class NonFiniteValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message where the values appeared */
    public NonFiniteValueException(String message) {
        super(message);
    }

    /**
     * @param values the values
     * @return true if none is NaN or infinite
     */
    public static boolean isFinite(float[] values) {
        // Branch-free: an exponent of all ones (NaN or infinity) carries into bit 31 when 1 is added to it.
        int flags = 0;
        for (float v : values) {
            flags |= (Float.floatToRawIntBits(v) & 0x7f800000) + 0x00800000;
        }
        return flags >= 0;
    }

    /**
     * Checks an array and throws with {@code where} in the message if it holds a NaN or an infinity.
     *
     * @param values the values to check
     * @param where what produced them, for example "the transformer at step 3 of 20"
     */
    public static void check(float[] values, String where) {
        if (isFinite(values)) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) {
                throw new NonFiniteValueException((Float.isNaN(v) ? "NaN" : "an infinite value") + " in " + where
                        + " (first at index " + i + " of " + values.length + ")");
            }
        }
    }
}
