package dev.qwenimage.pipeline;

/**
 * Called after each denoising step with the updated latents, which it may change in place: diffusers'
 * {@code callback_on_step_end}. Inpainting uses it to blend the re-noised source back outside the mask; users can
 * use it to inspect or steer a generation.
 */
@FunctionalInterface
public interface StepCallback {

    /**
     * @param step the step just taken, 0-based within the schedule (image-to-image starts part-way)
     * @param timestep the timestep the model was evaluated at
     * @param latents the packed latents [B, Li, 4C] after the step; may be modified in place
     */
    void onStepEnd(int step, float timestep, float[] latents);
}
