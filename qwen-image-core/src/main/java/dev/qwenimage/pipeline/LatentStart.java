package dev.qwenimage.pipeline;

import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.random.TorchGenerator;
import dev.qwenimage.scheduler.SchedulerRun;
import java.util.List;

/**
 * Where a generation's denoising starts: the packed latents, the first step, and any step callbacks the pipeline adds.
 * Text-to-image starts from pure noise at step 0 ({@link #fromNoise()}); image-to-image starts part-way through the
 * schedule from the noised source; inpainting also blends the source back after every step. This is the one point
 * where the editing pipelines differ from text-to-image, so they share everything else of the recipe.
 */
@FunctionalInterface
public interface LatentStart {

    /**
     * Prepares the start of one generation.
     *
     * @param context the generation's grid, schedule, random generator and explicit noise
     * @return the start
     */
    Start prepare(Context context);

    /**
     * What a start is prepared from.
     *
     * @param pipeline the loaded model
     * @param grid the latent grid
     * @param batch B
     * @param schedule the full schedule of the generation
     * @param generator the generation's torch-compatible generator (seeded from the request)
     * @param explicitNoise the request's initial noise [B, C, h, w], or {@code null} to draw it from {@code generator}
     * @param run the generation's run context (cancellation, timings)
     */
    record Context(QwenImagePipeline pipeline, LatentGrid grid, int batch, SchedulerRun schedule,
            TorchGenerator generator, float[] explicitNoise, RunContext run) {

        /** @return the explicit noise, or B·C·h·w values drawn from the generator (diffusers' randn of [B, 1, C, h, w]) */
        public float[] noise() {
            return explicitNoise != null ? explicitNoise : generator.randn(batch * grid.valuesPerImage());
        }
    }

    /**
     * A prepared start.
     *
     * @param firstStep the index of the first denoising step
     * @param latents the packed latents [B, Li, 4C] at that step
     * @param callbacks step callbacks to run before the request's own
     */
    record Start(int firstStep, float[] latents, List<StepCallback> callbacks) {

        /**
         * Creates the value, checking it.
         *
         * @param firstStep the index of the first denoising step
         * @param latents the packed latents at that step
         * @param callbacks step callbacks to run before the request's own
         */
        public Start {
            callbacks = List.copyOf(callbacks);
        }
    }

    /** @return text-to-image's start: the (seeded or explicit) noise, packed, at step 0 */
    static LatentStart fromNoise() {
        return c -> new Start(0, c.pipeline().pack(c.noise(), c.batch(), c.grid()), List.of());
    }
}
