package dev.qwenimage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.io.NpyArray;
import dev.qwenimage.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A batch gives each image exactly what a lone generation from that image's noise gives. */
class BatchTest {

    @Test
    void eachImageOfABatchEqualsItsLoneGeneration() {
        try (QwenImageGenerator g = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build()) {
            GenerationRequest batch = GenerationRequest.builder().prompt("two foxes").negativePrompt("blurry")
                    .guidanceScale(3).size(32, 32).steps(3).seed(5).batchSize(2).build();
            NpyArray noise = g.initialNoise(batch);
            assertThat(noise.shape()).containsExactly(2, 4, 8, 8);
            GenerationResult both = g.generate(batch);
            assertThat(both.images()).hasSize(2);
            float[] all = noise.data();
            int per = all.length / 2;
            for (int i = 0; i < 2; i++) {
                NpyArray one = new NpyArray(new long[] {1, 4, 8, 8}, Arrays.copyOfRange(all, i * per, (i + 1) * per));
                GenerationResult alone = g.generate(batch.toBuilder().batchSize(1).initialNoise(one).build());
                double err = Fixtures.maxAbsDiff(both.images().get(i).rgb(), alone.image().rgb());
                assertThat(err).as("image %d", i).isLessThan(1e-6);
            }
            assertThat(both.images().get(0).rgb()).isNotEqualTo(both.images().get(1).rgb());
        }
    }
}
