/**
 * Diffusion samplers ported step for step from Hugging Face diffusers, in pure Java.
 *
 * <p>A {@link dev.qwenimage.scheduler.Scheduler} is built once from a diffusers {@code scheduler_config.json}
 * ({@link dev.qwenimage.scheduler.Schedulers#fromConfig}) and is immutable. Each denoising run asks it for a
 * {@link dev.qwenimage.scheduler.SchedulerRun} ({@link dev.qwenimage.scheduler.Scheduler#newRun}), which holds the
 * timesteps, the sigmas and any multistep history of that one run. Schedulers know nothing about models: the caller
 * evaluates the network and hands its output to {@link dev.qwenimage.scheduler.SchedulerRun#step}.
 *
 * <p>Samples are flat {@code float[]} arrays updated in place, so a run allocates its working memory once and no
 * step allocates.
 */
package dev.qwenimage.scheduler;
