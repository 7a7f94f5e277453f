package dev.qwenimage.editing;

import dev.qwenimage.pipeline.StepCallback;
import dev.qwenimage.scheduler.SchedulerRun;

/**
 * Inpainting's per-step blend (diffusers' {@code QwenImageInpaintPipeline}): after each step, outside the mask the
 * latents are replaced by the source latents re-noised to the next step's noise level with the generation's own noise
 * (after the last step, by the clean source latents), so only the masked region is really generated.
 * {@code x ← (1 − m)·source_t + m·x}. One per generation; not thread-safe.
 */
final class MaskBlend implements StepCallback {

    private final SchedulerRun schedule;
    private final float[] sourceLatents;
    private final float[] noise;
    private final float[] mask;
    private final float[] renoised;

    /**
     * @param schedule the generation's schedule
     * @param sourceLatents the packed, normalized source latents
     * @param noise the packed noise the generation started from
     * @param mask the packed mask, 1 where the model repaints
     */
    MaskBlend(SchedulerRun schedule, float[] sourceLatents, float[] noise, float[] mask) {
        this.schedule = schedule;
        this.sourceLatents = sourceLatents;
        this.noise = noise;
        this.mask = mask;
        this.renoised = new float[sourceLatents.length];
    }

    @Override
    public void onStepEnd(int step, float timestep, float[] latents) {
        float[] proper = sourceLatents;
        if (step < schedule.size() - 1) {
            schedule.addNoise(sourceLatents, noise, step + 1, renoised);
            proper = renoised;
        }
        for (int k = 0; k < latents.length; k++) {
            float m = mask[k];
            latents[k] = (1 - m) * proper[k] + m * latents[k];
        }
    }
}
