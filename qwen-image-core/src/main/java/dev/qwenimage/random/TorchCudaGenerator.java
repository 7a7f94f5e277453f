package dev.qwenimage.random;

/**
 * {@code torch.Generator("cuda")}, computed on the CPU: Philox4x32-10 counters laid out as torch's CUDA normal
 * kernel lays them out, and curand's Box-Muller transform.
 *
 * <p>Layout: torch launches blocks of 256 threads, each drawing four normals per Philox call
 * ({@code curand_normal4}) from its own subsequence (the thread index) at the generator's current offset; thread
 * {@code i} writes elements {@code i + k·stride} for {@code k = 0..3}, {@code stride = 256 · blocks}. The block count
 * is {@code ceil(n / 256)} capped at the GPU's resident-block limit (multiprocessors × max threads per multiprocessor
 * / 256), so tensors larger than that limit depend on the GPU model; {@link #TorchCudaGenerator(long, int)} takes the
 * limit (for example 864 for an A100, 768 for an RTX 4090; the default assumes a GPU large enough not to cap, true
 * for all tensors up to 256 × blocks elements, such as every latent of Qwen-Image up to 1024×1024 on an H100).
 * After each call the offset advances as torch's {@code philox_cuda_state} does, so successive draws continue the
 * same stream.
 *
 * <p>Precision: the uniforms, logarithm and square root follow the GPU's float arithmetic, but curand's sine is the
 * GPU's hardware approximation ({@code __sincosf}), whose internal tables are not public. This class reduces the
 * argument exactly as the hardware does ({@code x · 1/(2π)} rounded toward zero) and evaluates the sine exactly, so
 * its values lie within 7.2e-7 of a real GPU's (about 1 ulp at the magnitude of a normal sample): far inside the 1e-4
 * tolerance of a generated image, but not bit-identical.
 */
public final class TorchCudaGenerator implements TorchGenerator {

    private static final int BLOCK = 256;
    private static final int UNROLL = 4;
    private static final float TWO_POW32_INV = 2.3283064e-10f;
    private static final float TWO_POW32_INV_2PI = 2.3283064e-10f * 6.2831855f;
    private static final float INV_TWO_PI = 0.15915493667125701904f;

    private final long seed;
    private final int maxResidentBlocks;
    private long offset;

    /**
     * A generator seeded like {@code torch.Generator("cuda").manual_seed(seed)} on a GPU that does not cap the grid.
     *
     * @param seed the seed
     */
    public TorchCudaGenerator(long seed) {
        this(seed, Integer.MAX_VALUE);
    }

    /**
     * A generator for a specific GPU's resident-block limit.
     *
     * @param seed the seed
     * @param maxResidentBlocks multiprocessor count × (max threads per multiprocessor / 256) of the GPU
     */
    public TorchCudaGenerator(long seed, int maxResidentBlocks) {
        if (maxResidentBlocks < 1) {
            throw new IllegalArgumentException("maxResidentBlocks must be >= 1, got " + maxResidentBlocks);
        }
        this.seed = seed;
        this.maxResidentBlocks = maxResidentBlocks;
    }

    /** @return the Philox offset the next call starts at (advances by a multiple of 4 per call) */
    public long offset() {
        return offset;
    }

    @Override
    public void randn(float[] out) {
        long n = out.length;
        if (n == 0) {
            return;
        }
        long blocks = Math.min((n + BLOCK - 1) / BLOCK, maxResidentBlocks);
        long stride = blocks * BLOCK;
        long perThreadCalls = (n - 1) / (stride * UNROLL) + 1;
        int key0 = (int) seed;
        int key1 = (int) (seed >>> 32);
        int[] block = new int[4];
        for (long thread = 0; thread < Math.min(stride, n); thread++) {
            for (long call = 0; call < perThreadCalls; call++) {
                long counter = offset / 4 + call;
                philox((int) counter, (int) (counter >>> 32), (int) thread, (int) (thread >>> 32), key0, key1, block);
                long base = thread + call * stride * UNROLL;
                for (int pair = 0; pair < 2; pair++) {
                    float u = Math.fma((float) (block[2 * pair] & 0xFFFFFFFFL), TWO_POW32_INV, TWO_POW32_INV / 2f);
                    float v = Math.fma((float) (block[2 * pair + 1] & 0xFFFFFFFFL), TWO_POW32_INV_2PI,
                            TWO_POW32_INV_2PI / 2f);
                    float s = (float) Math.sqrt(-2f * (float) Math.log(u));
                    double turns = multiplyTowardZero(v, INV_TWO_PI);
                    double angle = 2 * Math.PI * turns;
                    float sin = (float) Math.sin(angle);
                    float cos = (float) Math.cos(angle);
                    long iSin = base + stride * (2L * pair);
                    long iCos = base + stride * (2L * pair + 1);
                    if (iSin < n) {
                        out[(int) iSin] = sin * s;
                    }
                    if (iCos < n) {
                        out[(int) iCos] = cos * s;
                    }
                }
            }
        }
        offset += perThreadCalls * UNROLL;
    }

    /** The GPU's FMUL.RZ: the float product of a and b rounded toward zero. */
    static float multiplyTowardZero(float a, float b) {
        double exact = (double) a * b; // exact: 24 + 24 bits fit in a double
        float nearest = (float) exact;
        if (Math.abs((double) nearest) > Math.abs(exact)) {
            nearest = Math.nextAfter(nearest, 0.0);
        }
        return nearest;
    }

    /** Philox4x32-10 (Salmon et al. 2011) as curand implements it. */
    static void philox(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        final long m0 = 0xD2511F53L;
        final long m1 = 0xCD9E8D57L;
        for (int round = 0; round < 10; round++) {
            long p0 = m0 * (c0 & 0xFFFFFFFFL);
            long p1 = m1 * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            int n0 = hi1 ^ c1 ^ k0;
            int n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
            k0 += 0x9E3779B9;
            k1 += 0xBB67AE85;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
