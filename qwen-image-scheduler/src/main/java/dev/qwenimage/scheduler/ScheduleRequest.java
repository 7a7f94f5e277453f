package dev.qwenimage.scheduler;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * What a run's schedule is built from: the arguments of diffusers' {@code set_timesteps}. Either a number of
 * inference steps or an explicit list of sigmas (flow matching), optionally with {@code mu} for resolution-dependent
 * shifting. Immutable.
 */
public final class ScheduleRequest {

    private final int steps;
    private final double[] sigmas;
    private final Double mu;

    private ScheduleRequest(int steps, double[] sigmas, Double mu) {
        this.steps = steps;
        this.sigmas = sigmas;
        this.mu = mu;
    }

    /**
     * A schedule of {@code steps} inference steps.
     *
     * @param steps the number of denoising steps, at least 1
     * @return the request
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public static ScheduleRequest ofSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("the number of inference steps must be at least 1, got " + steps);
        }
        return new ScheduleRequest(steps, null, null);
    }

    /**
     * A schedule from explicit sigmas, as passed to diffusers' {@code set_timesteps(sigmas=...)} (without the final
     * zero, which the scheduler appends).
     *
     * @param sigmas one sigma per step, finite
     * @return the request
     * @throws IllegalArgumentException if the list is empty or holds a non-finite value
     */
    public static ScheduleRequest ofSigmas(double... sigmas) {
        if (sigmas == null || sigmas.length == 0) {
            throw new IllegalArgumentException("custom sigmas must hold at least one value");
        }
        for (double s : sigmas) {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("custom sigmas must be finite, got " + Arrays.toString(sigmas));
            }
        }
        return new ScheduleRequest(sigmas.length, sigmas.clone(), null);
    }

    /**
     * The same request with diffusers' {@code mu}, the shift used when the config has {@code use_dynamic_shifting}.
     *
     * @param mu the shift exponent, finite
     * @return a new request
     */
    public ScheduleRequest withMu(double mu) {
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException("mu must be finite, got " + mu);
        }
        return new ScheduleRequest(steps, sigmas, mu);
    }

    /** @return the number of inference steps */
    public int steps() {
        return steps;
    }

    /** @return a copy of the custom sigmas, or {@code null} when the schedule is built from the step count */
    public double[] sigmas() {
        return sigmas == null ? null : sigmas.clone();
    }

    /** @return true if custom sigmas were given */
    public boolean hasSigmas() {
        return sigmas != null;
    }

    /** @return mu, if given */
    public OptionalDouble mu() {
        return mu == null ? OptionalDouble.empty() : OptionalDouble.of(mu);
    }

    @Override
    public String toString() {
        return "ScheduleRequest{steps=" + steps + (sigmas != null ? ", sigmas=" + Arrays.toString(sigmas) : "")
                + (mu != null ? ", mu=" + mu : "") + "}";
    }
}
