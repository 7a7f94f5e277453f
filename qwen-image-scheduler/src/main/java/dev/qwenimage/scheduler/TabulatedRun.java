package dev.qwenimage.scheduler;

/**
 * What every run shares: its timesteps, its sigmas (empty for schedulers that work from {@code alphas_cumprod}) and
 * the initial noise scale, with the accessors of {@link SchedulerRun}. Subclasses add the step.
 */
abstract class TabulatedRun implements SchedulerRun {

    final float[] timesteps;
    final float[] sigmas;
    private final float initNoiseSigma;

    TabulatedRun(float[] timesteps, float[] sigmas, float initNoiseSigma) {
        this.timesteps = timesteps;
        this.sigmas = sigmas;
        this.initNoiseSigma = initNoiseSigma;
    }

    /** Integer timesteps (DDPM, DDIM, DPM-Solver) as the floats the model is evaluated at. */
    static float[] asFloats(int[] timesteps) {
        float[] out = new float[timesteps.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = timesteps[i];
        }
        return out;
    }

    @Override
    public final int size() {
        return timesteps.length;
    }

    @Override
    public final float timestep(int i) {
        return timesteps[i];
    }

    @Override
    public final float[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public final float[] sigmas() {
        return sigmas.clone();
    }

    @Override
    public final float initNoiseSigma() {
        return initNoiseSigma;
    }
}
