package dev.qwenimage.random;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qwenimage.testing.Fixtures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry of {@code torch_randn.json}: {@code torch.randn(shape, generator=torch.Generator(device).manual_seed(seed))}.
 * The CPU generator must match bit for bit; the CUDA generator (whose sine is a GPU hardware approximation with no
 * public specification) within 1e-6.
 */
class TorchRandnFixtureTest {

    static Stream<Arguments> entries() {
        JsonNode all = Fixtures.json("/fixtures/torch_randn.json");
        List<Arguments> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Arguments.of(e.getKey(), e.getValue()));
        }
        assertThat(out).hasSize(12);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void reproducesTorchRandn(String key, JsonNode values) {
        String[] parts = key.split("/");
        RandomSource source = RandomSource.parse(parts[0]);
        long seed = Long.parseLong(parts[1]);
        int count = 1;
        for (String d : parts[2].split("x")) {
            count *= Integer.parseInt(d);
        }
        assertThat(values.size()).isEqualTo(count);
        float[] drawn = source.newGenerator(seed).randn(count);
        float[] expected = new float[count];
        for (int i = 0; i < count; i++) {
            expected[i] = (float) values.get(i).asDouble();
        }
        int exact = 0;
        for (int i = 0; i < count; i++) {
            if (Float.floatToIntBits(drawn[i]) == Float.floatToIntBits(expected[i])) {
                exact++;
            }
        }
        double err = Fixtures.maxAbsDiff(drawn, expected);
        System.out.printf("%-22s %4d values, %4d bit-identical, max error %.3g%n", key, count, exact, err);
        if (source == RandomSource.CPU) {
            assertThat(drawn).as(key).containsExactly(expected);
        } else {
            assertThat(err).as(key).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void aGeneratorContinuesItsStreamAcrossCalls() {
        TorchCpuGenerator g = new TorchCpuGenerator(7);
        float[] first = g.randn(32);
        float[] second = g.randn(32);
        assertThat(second).isNotEqualTo(first);
        assertThat(new TorchCpuGenerator(7).randn(32)).containsExactly(first);

        TorchCudaGenerator c = new TorchCudaGenerator(7);
        float[] a = c.randn(1000);
        assertThat(c.offset()).isEqualTo(4);
        float[] b = c.randn(1000);
        assertThat(c.offset()).isEqualTo(8);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void smallTensorsUseTheScalarPathWithMeanZeroAndUnitVariance() {
        TorchCpuGenerator g = new TorchCpuGenerator(123);
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int i = 0; i < 20000; i++) {
            for (float v : g.randn(5)) {
                sum += v;
                sq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        assertThat(mean).isBetween(-0.02, 0.02);
        assertThat(sq / n - mean * mean).isBetween(0.97, 1.03);
    }

    @Test
    void aCappedCudaGridLaysOutValuesByThreadStride() {
        // With 1 resident block (stride 256), element 256 is the second normal of thread 0's first Philox call.
        float[] capped = new TorchCudaGenerator(3, 1).randn(2048);
        float[] uncapped = new TorchCudaGenerator(3).randn(256);
        assertThat(capped[0]).isEqualTo(uncapped[0]);
        assertThat(capped[255]).isEqualTo(uncapped[255]);
        assertThat(capped[256]).isNotEqualTo(uncapped[0]);
    }
}
