package dev.qwenimage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.io.NpyArray;
import dev.qwenimage.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random valid and invalid values thrown at the request builder and the npy reader (fixed seeds, so failures
 * reproduce). The property: a result, or a documented exception (IllegalArgumentException / IllegalStateException
 * from the builder, IOException from the reader), never anything else.
 */
class FuzzTest {

    static final int[] INTERESTING = {Integer.MIN_VALUE, -65536, -1, 0, 1, 2, 7, 8, 16, 31, 32, 64, 128, 1024, 16384,
        16385, 65536, Integer.MAX_VALUE};
    static final double[] DOUBLES = {Double.NaN, Double.NEGATIVE_INFINITY, -1e300, -1, -0.0, 0, 0.5, 1, 4, 7.5, 1e300,
        Double.POSITIVE_INFINITY, Double.MIN_VALUE};

    @Test
    void requestBuilderAcceptsOrRejectsClearly() {
        Random r = new Random(20261122);
        int built = 0;
        int rejected = 0;
        for (int i = 0; i < 5000; i++) {
            GenerationRequest.Builder b = GenerationRequest.builder();
            try {
                for (int k = 0; k < 6; k++) {
                    switch (r.nextInt(9)) {
                        case 0 -> b.prompt(r.nextBoolean() ? "p" + r.nextInt() : "");
                        case 1 -> b.size(pick(r), pick(r));
                        case 2 -> b.steps(pick(r));
                        case 3 -> b.guidanceScale(DOUBLES[r.nextInt(DOUBLES.length)]);
                        case 4 -> b.batchSize(pick(r));
                        case 5 -> b.seed(r.nextLong());
                        case 6 -> b.timeout(r.nextBoolean() ? null : Duration.ofMillis(pick(r)));
                        case 7 -> b.negativePrompt(r.nextBoolean() ? null : "n");
                        default -> b.initialNoise(new NpyArray(new long[] {1, 2}, new float[] {r.nextFloat(),
                            r.nextBoolean() ? Float.NaN : 0f}));
                    }
                }
                GenerationRequest request = b.build();
                assertThat(request.prompt()).isNotNull();
                built++;
            } catch (IllegalArgumentException | IllegalStateException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            }
        }
        assertThat(built).isPositive();
        assertThat(rejected).isPositive();
    }

    static int pick(Random r) {
        return r.nextInt(3) == 0 ? r.nextInt() : INTERESTING[r.nextInt(INTERESTING.length)];
    }

    @Test
    void npyReaderReadsOrRejectsMutatedFiles() throws IOException {
        byte[] valid;
        try (InputStream in = Fixtures.open("/fixtures/t2i/case_cfg/initial_noise.npy")) {
            valid = in.readAllBytes();
        }
        Random r = new Random(7);
        int read = 0;
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = mutate(valid, r);
            try {
                NpyArray a = NpyArray.read(new ByteArrayInputStream(bytes), "fuzz");
                assertThat(a.size()).isEqualTo(Arrays.stream(a.shape()).reduce(1, (x, y) -> x * y));
                read++;
            } catch (IOException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            }
        }
        assertThat(read).isPositive();
        assertThat(rejected).isPositive();
    }

    @Test
    void npyRoundTripsAnyShape() throws IOException {
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            int rank = r.nextInt(5);
            long[] shape = new long[rank];
            int n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = r.nextInt(5);
                n *= shape[d];
            }
            float[] data = new float[n];
            for (int k = 0; k < n; k++) {
                data[k] = r.nextFloat() - 0.5f;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new NpyArray(shape, data).write(out);
            NpyArray back = NpyArray.read(new ByteArrayInputStream(out.toByteArray()), "roundtrip");
            assertThat(back.shape()).containsExactly(shape);
            assertThat(back.data()).containsExactly(data);
        }
    }

    static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        switch (r.nextInt(5)) {
            case 0:
                return Arrays.copyOf(b, r.nextInt(b.length));
            case 1:
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    int at = r.nextInt(Math.min(b.length, 128));
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            case 2: {
                String header = new String(b, 10, 118, java.nio.charset.StandardCharsets.ISO_8859_1);
                String[] swaps = {"(1, 4, 16, 8)", "(99999999, 99999999)", "(-1, 4)", "()", "(1,)", "(3, x)",
                    "(4294967296, 4294967296, 4)", "(536870912,)"};
                header = header.replaceFirst("\\([^)]*\\)", swaps[r.nextInt(swaps.length)]);
                byte[] h = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                System.arraycopy(h, 0, b, 10, Math.min(h.length, 118));
                return b;
            }
            case 3: {
                String header = new String(b, 10, 118, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .replace("<f4", r.nextBoolean() ? "<f8" : ">f4");
                System.arraycopy(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, b, 10, 118);
                return b;
            }
            default: {
                byte[] junk = new byte[r.nextInt(300)];
                r.nextBytes(junk);
                return junk;
            }
        }
    }
}
