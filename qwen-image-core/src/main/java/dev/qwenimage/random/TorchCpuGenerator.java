package dev.qwenimage.random;

/**
 * {@code torch.Generator("cpu")}: a 32-bit Mersenne Twister (MT19937) and torch's CPU normal sampling, bit for bit.
 *
 * <p>For tensors of 16 or more elements torch first fills the tensor with uniform floats ({@code (u32 & 0xFFFFFF)·2^-24}),
 * then turns each block of 16 into normals with the Box-Muller transform (values {@code j} and {@code j+8} of a block
 * are one pair); when the size is not a multiple of 16 the last 16 values are redrawn and transformed again. x86-64
 * builds of torch use an AVX2 kernel whose logarithm and sine/cosine are the Cephes polynomials of
 * {@code avx_mathfun.h}, evaluated with fused multiply-adds where the compiler contracted them; this class evaluates the
 * same polynomials in the same order with {@link Math#fma}, which is what makes the values identical rather than
 * within an ulp. Smaller tensors use torch's scalar path: double-precision Box-Muller from 53-bit uniforms, one value
 * per call with the second of each pair cached, as {@code at::normal_distribution<double>} does.
 */
public final class TorchCpuGenerator implements TorchGenerator {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index;
    private double cachedNormal;
    private boolean hasCachedNormal;

    /**
     * Seeds the generator as {@code manual_seed(seed)} does (torch keeps the low 32 bits for MT19937).
     *
     * @param seed the seed
     */
    public TorchCpuGenerator(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        index = N;
    }

    /** @return the next raw 32-bit output of the Mersenne Twister */
    int nextInt() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }

    /** torch's uniform_real_distribution&lt;float&gt;: 24 random bits scaled to [0, 1). */
    private float nextFloat() {
        return (nextInt() & 0xFFFFFF) * 0x1p-24f;
    }

    /** torch's uniform_real_distribution&lt;double&gt;: 53 bits of random64() scaled to [0, 1). */
    private double nextDouble() {
        long hi = nextInt() & 0xFFFFFFFFL;
        long lo = nextInt() & 0xFFFFFFFFL;
        long r = (hi << 32) | lo;
        return (r & ((1L << 53) - 1)) * 0x1p-53;
    }

    @Override
    public void randn(float[] out) {
        int size = out.length;
        if (size >= 16) {
            for (int i = 0; i < size; i++) {
                out[i] = nextFloat();
            }
            for (int i = 0; i + 16 <= size; i += 16) {
                boxMuller16(out, i);
            }
            if (size % 16 != 0) {
                int start = size - 16;
                for (int i = 0; i < 16; i++) {
                    out[start + i] = nextFloat();
                }
                boxMuller16(out, start);
            }
        } else {
            for (int i = 0; i < size; i++) {
                out[i] = (float) nextScalarNormal();
            }
        }
    }

    /** at::normal_distribution&lt;double&gt; with the generator's cached second value. */
    private double nextScalarNormal() {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return cachedNormal;
        }
        double u1 = nextDouble();
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        cachedNormal = r * Math.sin(theta);
        hasCachedNormal = true;
        return r * Math.cos(theta);
    }

    private static final float TWO_PI = (float) (2.0 * Math.PI);

    /** normal_fill_16_AVX2: one block of 16 uniforms to 16 normals (mean 0, std 1). */
    private static void boxMuller16(float[] data, int offset) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1f - data[offset + j];
            float u2 = data[offset + j + 8];
            float radius = (float) Math.sqrt(-2f * CephesFloat.log(u1));
            float theta = TWO_PI * u2;
            float sin = CephesFloat.sin(theta);
            float cos = CephesFloat.cos(theta);
            data[offset + j] = radius * cos;
            data[offset + j + 8] = radius * sin;
        }
    }
}
