package dev.qwenimage.pipeline;

import java.time.Duration;

/**
 * Progress of a generation, called on the generating thread after each denoising step. Keep it quick: it runs
 * between network evaluations.
 */
@FunctionalInterface
public interface StepListener {

    /**
     * @param progress the step just finished and the time it took so far
     */
    void onStep(Progress progress);

    /**
     * Where a generation stands.
     *
     * @param step the number of steps finished, 1 to {@code totalSteps}
     * @param totalSteps the number of steps this generation runs
     * @param elapsed time since the first step started
     */
    record Progress(int step, int totalSteps, Duration elapsed) {

        /** @return the estimated time left, from the mean step time so far */
        public Duration eta() {
            if (step == 0) {
                return Duration.ZERO;
            }
            return elapsed.multipliedBy(totalSteps - step).dividedBy(step);
        }

        /** @return the fraction done, 0 to 1 */
        public double fraction() {
            return (double) step / totalSteps;
        }
    }
}
