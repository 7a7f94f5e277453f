package dev.qwenimage.random;

import dev.qwenimage.scheduler.NoiseSource;

/**
 * A stateful torch-compatible generator: each {@link #randn} call returns what the next {@code torch.randn} call with
 * the same generator returns. Not thread-safe; one generator belongs to one generation.
 */
public interface TorchGenerator extends NoiseSource {

    /**
     * Fills {@code out} as {@code torch.randn(shape, generator=g)} would for a contiguous float32 tensor of
     * {@code out.length} elements (the values depend on the element count, not the shape).
     *
     * @param out the array to fill
     */
    void randn(float[] out);

    /**
     * @param count the number of values
     * @return a new array of {@code count} standard normal values
     */
    default float[] randn(int count) {
        float[] out = new float[count];
        randn(out);
        return out;
    }

    @Override
    default void fillStandardNormal(float[] out) {
        randn(out);
    }
}
