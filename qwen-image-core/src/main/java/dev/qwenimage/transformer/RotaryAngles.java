package dev.qwenimage.transformer;

/**
 * The rotary position angles of Qwen-Image's three-axis RoPE (diffusers' {@code QwenEmbedRope} with
 * {@code scale_rope=True}), computed as float32 angles rather than complex numbers because the exported transformer
 * applies cos/sin itself.
 *
 * <p>For an axis of size d, frequency k of position p has angle {@code p · theta^(−2k/d)}. Image token (r, c) of a
 * gh × gw token grid has frame position 0, height position {@code r − (gh − ⌊gh/2⌋)} and width position
 * {@code c − (gw − ⌊gw/2⌋)}, so the grid is centred on the origin; text token j has position
 * {@code max(⌊gh/2⌋, ⌊gw/2⌋) + j} on all three axes. Immutable; thread-safe.
 */
public final class RotaryAngles {

    private final int[] axes;
    private final float[][] inverseFrequencies;
    private final int width;

    /**
     * @param axesDims the per-axis sizes (frame, height, width), each even; their sum is the attention head size
     * @param theta the RoPE base, 10000 for Qwen-Image
     */
    public RotaryAngles(int[] axesDims, double theta) {
        if (axesDims.length != 3) {
            throw new IllegalArgumentException("axes_dims_rope must have 3 entries (frame, height, width), got "
                    + java.util.Arrays.toString(axesDims));
        }
        int sum = 0;
        inverseFrequencies = new float[3][];
        for (int a = 0; a < 3; a++) {
            int d = axesDims[a];
            if (d < 2 || d % 2 != 0) {
                throw new IllegalArgumentException("axes_dims_rope entries must be even and >= 2, got "
                        + java.util.Arrays.toString(axesDims));
            }
            inverseFrequencies[a] = new float[d / 2];
            for (int k = 0; k < d / 2; k++) {
                // torch: 1.0 / torch.pow(theta, arange(0, d, 2).float().div(d)), all float32
                float exponent = (float) (2 * k) / (float) d;
                inverseFrequencies[a][k] = 1.0f / (float) Math.pow(theta, exponent);
            }
            sum += d / 2;
        }
        this.axes = axesDims.clone();
        this.width = sum;
    }

    /** @return A/2, angles per token */
    public int anglesPerToken() {
        return width;
    }

    /**
     * The image tokens' angles, row-major over the token grid.
     *
     * @param tokenRows gh
     * @param tokenColumns gw
     * @return [gh·gw, A/2]
     */
    public float[] image(int tokenRows, int tokenColumns) {
        float[] out = new float[tokenRows * tokenColumns * width];
        int rowShift = tokenRows - tokenRows / 2;
        int colShift = tokenColumns - tokenColumns / 2;
        int i = 0;
        for (int r = 0; r < tokenRows; r++) {
            for (int c = 0; c < tokenColumns; c++) {
                i = put(out, i, 0, 0);
                i = put(out, i, 1, r - rowShift);
                i = put(out, i, 2, c - colShift);
            }
        }
        return out;
    }

    /**
     * The text tokens' angles.
     *
     * @param textTokens Lt
     * @param tokenRows gh of the image they attend with
     * @param tokenColumns gw of the image
     * @return [Lt, A/2]
     */
    public float[] text(int textTokens, int tokenRows, int tokenColumns) {
        float[] out = new float[textTokens * width];
        int start = Math.max(tokenRows / 2, tokenColumns / 2);
        int i = 0;
        for (int j = 0; j < textTokens; j++) {
            for (int a = 0; a < 3; a++) {
                i = put(out, i, a, start + j);
            }
        }
        return out;
    }

    private int put(float[] out, int i, int axis, int position) {
        float p = position;
        for (float inv : inverseFrequencies[axis]) {
            out[i++] = p * inv;
        }
        return i;
    }

    @Override
    public String toString() {
        return "RotaryAngles" + java.util.Arrays.toString(axes);
    }
}
