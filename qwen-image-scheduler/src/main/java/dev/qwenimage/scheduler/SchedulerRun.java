package dev.qwenimage.scheduler;

/**
 * One denoising run of a {@link Scheduler}: its timesteps and sigmas, and the state a multistep solver carries
 * between steps. Not thread-safe: one run belongs to one generation. Steps must be taken in order, each index once,
 * starting at any index (image-to-image starts part-way through the schedule).
 */
public interface SchedulerRun {

    /** @return the number of steps of this run */
    int size();

    /**
     * The timestep value the model is evaluated at in step {@code i} (diffusers' {@code scheduler.timesteps[i]}).
     *
     * @param i the step index, {@code 0 <= i < size()}
     * @return the timestep
     */
    float timestep(int i);

    /** @return a copy of all timesteps, one per step */
    float[] timesteps();

    /**
     * The sigmas of this run (diffusers' {@code scheduler.sigmas}), including the final sigma after the last step
     * where the scheduler has one; an empty array for schedulers that work from {@code alphas_cumprod} alone
     * (DDPM, DDIM).
     *
     * @return a copy of the sigmas
     */
    float[] sigmas();

    /** @return the factor the initial noise is scaled by (diffusers' {@code init_noise_sigma}) */
    float initNoiseSigma();

    /**
     * Scales the model input in place before the model is evaluated at step {@code i} (diffusers'
     * {@code scale_model_input}); the identity for most schedulers.
     *
     * @param sample the sample, changed in place
     * @param i the step index
     */
    default void scaleModelInput(float[] sample, int i) {
    }

    /**
     * Advances {@code sample} in place from step {@code i} to the next one, given the model output at step
     * {@code i}.
     *
     * @param i the step index
     * @param modelOutput the model's prediction for {@code sample} at timestep {@code timestep(i)}; not changed
     * @param sample the current sample, replaced by the previous (less noisy) sample
     * @param noise the noise source for stochastic steps; {@link NoiseSource#none()} for deterministic ones
     */
    void step(int i, float[] modelOutput, float[] sample, NoiseSource noise);

    /**
     * Noises a clean sample to the noise level of step {@code i} (diffusers' {@code add_noise}, or
     * {@code scale_noise} for flow matching): the starting point of image-to-image.
     *
     * @param original the clean sample
     * @param noise standard normal noise of the same length
     * @param i the step whose noise level is wanted
     * @param out receives the noised sample; may be {@code original} itself
     */
    void addNoise(float[] original, float[] noise, int i, float[] out);
}
