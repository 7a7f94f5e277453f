package dev.qwenimage.random;

/**
 * The single-precision logarithm and sine/cosine of {@code avx_mathfun.h} (Cephes polynomials), as torch's AVX2
 * normal kernel evaluates them: every multiply-add that GCC contracts to an FMA in that kernel is an {@link Math#fma}
 * here, every other operation a separately rounded float operation. Deviating in either direction changes some
 * results by an ulp, which is why this is not {@link Math#log}.
 */
final class CephesFloat {

    private CephesFloat() {
    }

    private static final float SQRTHF = 0.707106781186547524f;
    private static final float[] LOG_P = {
        7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f, 1.4249322787E-1f,
        -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};
    private static final float LOG_Q1 = -2.12194440e-4f;
    private static final float LOG_Q2 = 0.693359375f;

    /** log256_ps for a positive normal float. */
    static float log(float x) {
        int bits = Float.floatToRawIntBits(x);
        float e = (float) ((bits >>> 23) - 127) + 1f;
        float m = Float.intBitsToFloat((bits & ~0x7f800000) | 0x3f000000);
        if (m < SQRTHF) {
            e = e - 1f;
            x = (m - 1f) + m;
        } else {
            x = m - 1f;
        }
        float z = x * x;
        float y = LOG_P[0];
        for (int i = 1; i < LOG_P.length; i++) {
            y = Math.fma(y, x, LOG_P[i]);
        }
        y = y * x;
        y = Math.fma(y, z, e * LOG_Q1);
        y = Math.fma(-z, 0.5f, y);
        x = x + y;
        return Math.fma(e, LOG_Q2, x);
    }

    private static final float FOPI = 1.27323954473516f;
    private static final float DP1 = -0.78515625f;
    private static final float DP2 = -2.4187564849853515625e-4f;
    private static final float DP3 = -3.77489497744594108e-8f;
    private static final float SIN_P0 = -1.9515295891E-4f;
    private static final float SIN_P1 = 8.3321608736E-3f;
    private static final float SIN_P2 = -1.6666654611E-1f;
    private static final float COS_P0 = 2.443315711809948E-005f;
    private static final float COS_P1 = -1.388731625493765E-003f;
    private static final float COS_P2 = 4.166664568298827E-002f;

    static float sin(float x) {
        return sincos(x, true);
    }

    static float cos(float x) {
        return sincos(x, false);
    }

    /** sincos256_ps, one lane. */
    private static float sincos(float x, boolean wantSin) {
        boolean negative = x < 0;
        x = Math.abs(x);
        int j = (int) (x * FOPI);
        j = (j + 1) & ~1;
        float y = j;
        boolean swapSign = (j & 4) != 0;
        boolean sinPolyIsSin = (j & 2) == 0;
        x = Math.fma(y, DP1, x);
        x = Math.fma(y, DP2, x);
        x = Math.fma(y, DP3, x);
        float z = x * x;
        float cosPoly = Math.fma(Math.fma(COS_P0, z, COS_P1), z, COS_P2);
        cosPoly = cosPoly * z;
        cosPoly = Math.fma(cosPoly, z, -(z * 0.5f));
        cosPoly = cosPoly + 1f;
        float sinPoly = Math.fma(Math.fma(SIN_P0, z, SIN_P1), z, SIN_P2);
        sinPoly = sinPoly * z;
        sinPoly = Math.fma(sinPoly, x, x);
        if (wantSin) {
            float s = sinPolyIsSin ? sinPoly : cosPoly;
            return (negative ^ swapSign) ? -s : s;
        }
        float c = sinPolyIsSin ? cosPoly : sinPoly;
        boolean cosNegative = ((~(j - 2)) & 4) != 0;
        return cosNegative ? -c : c;
    }
}
