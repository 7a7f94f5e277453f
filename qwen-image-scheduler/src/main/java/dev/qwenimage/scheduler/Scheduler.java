package dev.qwenimage.scheduler;

/**
 * A diffusion sampler built from a diffusers scheduler config. Immutable and safe to share between threads;
 * all per-run state lives in the {@link SchedulerRun} that {@link #newRun} returns.
 */
public interface Scheduler {

    /**
     * The diffusers class this scheduler follows, as written in {@code scheduler_config.json}'s {@code _class_name}.
     *
     * @return for example {@code "FlowMatchEulerDiscreteScheduler"}
     */
    String className();

    /**
     * Builds the schedule of one denoising run (diffusers' {@code set_timesteps}).
     *
     * @param request the number of steps, or custom sigmas, and mu
     * @return a new run, used by one thread at a time
     * @throws IllegalArgumentException if the request does not fit this scheduler's config (for example no mu with
     *     dynamic shifting, or custom sigmas for a scheduler that takes none)
     */
    SchedulerRun newRun(ScheduleRequest request);
}
