package dev.qwenimage.random;

import java.util.Locale;

/** Which torch generator a seed is interpreted with. */
public enum RandomSource {
    /** {@code torch.Generator("cpu").manual_seed(seed)}: the default, as diffusers recommends for reproducibility. */
    CPU,
    /** {@code torch.Generator("cuda").manual_seed(seed)}: reproduces images made with a GPU generator. */
    CUDA;

    /**
     * Creates a fresh generator seeded with {@code seed}.
     *
     * @param seed the seed, as passed to {@code manual_seed}
     * @return a new generator
     */
    public TorchGenerator newGenerator(long seed) {
        return this == CPU ? new TorchCpuGenerator(seed) : new TorchCudaGenerator(seed);
    }

    /**
     * @param text {@code cpu} or {@code cuda}, any case
     * @return the source
     * @throws IllegalArgumentException for anything else
     */
    public static RandomSource parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "cpu":
                return CPU;
            case "cuda":
                return CUDA;
            default:
                throw new IllegalArgumentException("random source '" + text + "': expected cpu or cuda");
        }
    }

    /** @return {@code cpu} or {@code cuda} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
