package dev.qwenimage.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.GeneratedImage;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.testing.ShapePalette;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Latent previews come every N steps and look like the decoded image, without running the decoder. */
class LatentPreviewTest {

    @Test
    void previewsFollowTheGenerationAndMatchTheFinalImage() {
        try (QwenImageGenerator g = QwenImageGenerator.builder().build()) {
            long t0 = System.nanoTime();
            g.pipeline().previewer();
            System.out.printf("shipped previewer loaded in %.3f s%n", (System.nanoTime() - t0) / 1e9);
            List<Integer> steps = new ArrayList<>();
            List<GeneratedImage> last = new ArrayList<>();
            GenerationResult r = g.generate(GenerationRequest.builder()
                    .prompt("a large red circle in the center on a blue background").seed(0)
                    .previews(5, (step, total, previews) -> {
                        steps.add(step);
                        last.clear();
                        last.addAll(previews);
                    }).build());
            assertThat(steps).containsExactly(5, 10, 15, 20);
            GeneratedImage preview = last.get(0);
            GeneratedImage image = r.image();
            int f = image.width() / preview.width();
            assertThat(f).isEqualTo(8);
            double diff = 0;
            for (int y = 0; y < preview.height(); y++) {
                for (int x = 0; x < preview.width(); x++) {
                    for (int c = 0; c < 3; c++) {
                        double mean = 0;
                        for (int dy = 0; dy < f; dy++) {
                            for (int dx = 0; dx < f; dx++) {
                                mean += image.rgb()[((y * f + dy) * image.width() + x * f + dx) * 3 + c];
                            }
                        }
                        diff += Math.abs(mean / (f * f) - preview.rgb()[(y * preview.width() + x) * 3 + c]);
                    }
                }
            }
            double meanDiff = diff / (preview.width() * preview.height() * 3);
            System.out.printf("preview vs decoded image (8x8 means): mean abs diff %.3f; fit error %.3f%n", meanDiff,
                    g.pipeline().previewer().fitError());
            System.out.printf("preview colours: blue %.3f, red %.3f%n", ShapePalette.fraction(preview, "blue"),
                    ShapePalette.fraction(preview, "red"));
            assertThat(meanDiff).isLessThan(0.15);
            assertThat(ShapePalette.fraction(preview, "blue")).isGreaterThan(0.4);
            assertThat(ShapePalette.fraction(preview, "red")).isGreaterThan(0.02);
        }
    }

    @Test
    void aModelWithoutAShippedProjectionIsFittedAndTheFitRoundTrips(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws java.io.IOException {
        try (QwenImageGenerator g = QwenImageGenerator.builder().modelPath(dev.qwenimage.testing.Fixtures.tinyModel()).build()) {
            dev.qwenimage.preview.LatentPreviewer fitted = g.pipeline().previewer();
            assertThat(fitted.fitError()).isFinite().isLessThan(0.5);
            java.nio.file.Path json = temp.resolve("latent_preview.json");
            fitted.write(json);
            var back = dev.qwenimage.preview.LatentPreviewer.read(json, 4);
            var grid = g.pipeline().grid(32, 32);
            float[] latents = new float[grid.valuesPerImage()];
            for (int i = 0; i < latents.length; i++) {
                latents[i] = (float) Math.sin(i);
            }
            assertThat(back.preview(latents, 1, grid).get(0).rgb()).containsExactly(fitted.preview(latents, 1, grid).get(0).rgb());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.qwenimage.preview.LatentPreviewer.read(json, 16))
                    .isInstanceOf(dev.qwenimage.runtime.InvalidModelException.class).hasMessageContaining("16 latent channels");
        }
    }
}
