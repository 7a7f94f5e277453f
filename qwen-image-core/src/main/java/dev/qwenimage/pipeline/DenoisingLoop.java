package dev.qwenimage.pipeline;

import ai.onnxruntime.OrtException;
import dev.qwenimage.scheduler.NoiseSource;
import dev.qwenimage.scheduler.SchedulerRun;
import dev.qwenimage.transformer.TransformerRun;
import java.time.Duration;
import java.util.List;

/**
 * The denoising loop, the only one in the SDK: for each step from {@code start}, predict the velocity (with true
 * CFG when the transformer run is guided), check it is finite, let the scheduler step the latents, then run the
 * step callbacks and listeners. It allocates one prediction buffer per generation and nothing per step.
 */
public final class DenoisingLoop {

    private DenoisingLoop() {
    }

    /**
     * Runs the loop.
     *
     * @param transformer the bound transformer inputs of this generation
     * @param schedule the scheduler run
     * @param start the first step (0 for text-to-image; image-to-image starts later)
     * @param latents the packed latents, denoised in place
     * @param guidanceScale the true-CFG scale
     * @param noise noise for stochastic schedulers
     * @param callbacks step-end callbacks, in order (may change the latents)
     * @param listeners progress listeners
     * @param context context of this generation
     * @throws NonFiniteValueException if the transformer produces NaN or infinity
     * @throws java.util.concurrent.CancellationException if cancelled
     */
    public static void run(TransformerRun transformer, SchedulerRun schedule, int start, float[] latents,
            float guidanceScale, NoiseSource noise, List<StepCallback> callbacks, List<StepListener> listeners,
            RunContext context) {
        try {
            loop(transformer, schedule, start, latents, guidanceScale, noise, callbacks, listeners, context);
        } finally {
            context.addNetworkTime(RunContext.Network.TRANSFORMER, transformer.networkNanos());
        }
    }

    private static void loop(TransformerRun transformer, SchedulerRun schedule, int start, float[] latents,
            float guidanceScale, NoiseSource noise, List<StepCallback> callbacks, List<StepListener> listeners,
            RunContext context) {
        int total = schedule.size();
        int steps = total - start;
        float[] prediction = new float[transformer.values()];
        long began = System.nanoTime();
        for (int i = start; i < total; i++) {
            // Messages are built only on the failure paths: nothing here allocates per step.
            if (context.isCancelled()) {
                context.throwIfCancelled("before " + where(i, total));
            }
            float t = schedule.timestep(i);
            boolean finite;
            try {
                finite = transformer.predict(latents, t, guidanceScale, prediction, context.runOptions());
            } catch (OrtException e) {
                throw context.translate(e, "the transformer at " + where(i, total));
            }
            if (!finite) {
                String at = where(i, total) + " (timestep " + t + ")";
                NonFiniteValueException.check(prediction, "the transformer's prediction at " + at);
                throw new NonFiniteValueException("NaN or infinite values in the transformer's predictions at " + at);
            }
            schedule.step(i, prediction, latents, noise);
            if (!callbacks.isEmpty()) {
                for (StepCallback callback : callbacks) {
                    callback.onStepEnd(i, t, latents);
                }
                // Callbacks are the one way latents can break without the next prediction showing it at once.
                if (!NonFiniteValueException.isFinite(latents)) {
                    NonFiniteValueException.check(latents, "the latents after " + where(i, total) + " and its step callbacks");
                }
            }
            if (!listeners.isEmpty()) {
                StepListener.Progress p = new StepListener.Progress(i - start + 1, steps,
                        Duration.ofNanos(System.nanoTime() - began));
                for (StepListener l : listeners) {
                    l.onStep(p);
                }
            }
        }
        NonFiniteValueException.check(latents, "the latents after the last step (" + where(total - 1, total) + ")");
    }

    private static String where(int i, int total) {
        return "step " + (i + 1) + " of " + total;
    }
}
