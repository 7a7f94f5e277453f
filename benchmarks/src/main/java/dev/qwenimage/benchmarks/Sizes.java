package dev.qwenimage.benchmarks;

import java.util.SplittableRandom;

/** Qwen-Image's real sizes: a 1024×1024 image is 4096 tokens of 64 values (16 channels on a 128×128 latent grid). */
final class Sizes {

    static final int TOKENS = 4096;
    static final int TOKEN_DIM = 64;
    static final int VALUES = TOKENS * TOKEN_DIM;
    static final int CHANNELS = 16;
    static final int LATENT_SIDE = 128;

    private Sizes() {
    }

    static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return out;
    }
}
