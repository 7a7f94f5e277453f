package dev.qwenimage.text;

import java.util.Arrays;

/**
 * One prompt's embedding: L token vectors of width D (the text encoder's final hidden state with the template prefix
 * dropped); its attention mask is all ones. Immutable: values are copied in and out, so an embedding can be cached
 * and shared between threads.
 */
public final class PromptEmbedding {

    private final float[] values;
    private final int tokens;
    private final int dim;
    private final long[] tokenIds;

    /**
     * @param values [L, D] in C order
     * @param tokens L, at least 1
     * @param dim D
     * @param tokenIds the prompt's full token ids including the template, for inspection
     */
    public PromptEmbedding(float[] values, int tokens, int dim, long[] tokenIds) {
        if (tokens < 1 || dim < 1 || values.length != (long) tokens * dim) {
            throw new IllegalArgumentException("embedding of " + values.length + " values is not [" + tokens + ", " + dim + "]");
        }
        this.values = values.clone();
        this.tokens = tokens;
        this.dim = dim;
        this.tokenIds = tokenIds.clone();
    }

    /** @return L, the number of token vectors */
    public int tokens() {
        return tokens;
    }

    /** @return D, the width of each vector */
    public int dim() {
        return dim;
    }

    /** @return a copy of the values, [L, D] */
    public float[] values() {
        return values.clone();
    }

    /**
     * Copies the values into {@code out} at {@code offset} without allocating.
     *
     * @param out the destination
     * @param offset where the first value goes
     */
    public void copyTo(float[] out, int offset) {
        System.arraycopy(values, 0, out, offset, values.length);
    }

    /** @return a copy of the token ids the embedding was computed from, template included */
    public long[] tokenIds() {
        return tokenIds.clone();
    }

    @Override
    public String toString() {
        return "PromptEmbedding[" + tokens + ", " + dim + "] from " + tokenIds.length + " tokens";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptEmbedding p && p.tokens == tokens && p.dim == dim && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
