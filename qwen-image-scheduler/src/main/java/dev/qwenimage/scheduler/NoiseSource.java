package dev.qwenimage.scheduler;

/**
 * The caller's source of standard normal noise for stochastic steps (DDPM, DDIM with eta &gt; 0, stochastic flow
 * matching). Schedulers never create random numbers themselves, so the caller decides how noise is drawn
 * (for example with a torch-compatible generator) and the same noise reproduces the same trajectory.
 */
@FunctionalInterface
public interface NoiseSource {

    /**
     * Fills {@code out} with independent standard normal values, in the order diffusers would draw them for a
     * tensor of that many elements.
     *
     * @param out the array to fill completely
     */
    void fillStandardNormal(float[] out);

    /**
     * A source for deterministic schedulers: fails if a step asks for noise.
     *
     * @return a source that throws {@link IllegalStateException} when used
     */
    static NoiseSource none() {
        return out -> {
            throw new IllegalStateException("this scheduler step needs random noise but no NoiseSource was given");
        };
    }
}
