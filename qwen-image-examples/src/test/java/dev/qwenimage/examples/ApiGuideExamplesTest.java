package dev.qwenimage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.CancellationToken;
import dev.qwenimage.GeneratedImage;
import dev.qwenimage.GenerationParameters;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.prompt.StylePresets;
import dev.qwenimage.runtime.Device;
import dev.qwenimage.runtime.SessionSettings;
import dev.qwenimage.text.PromptCache;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of the site's API guide (site/src/site/markdown/api-guide.md), run as written. */
class ApiGuideExamplesTest {

    @TempDir
    Path dir;

    @Test
    void theGuideRuns() throws Exception {
        try (QwenImageGenerator generator = QwenImageGenerator.builder()
                .modelPath(null)
                .device(Device.cpu())
                .sessionSettings(SessionSettings.defaults())
                .build()) {
            GenerationResult result = generator.generate(GenerationRequest.builder()
                    .prompt("a small yellow square on the left on a black background")
                    .negativePrompt(" ").size(128, 128).steps(20).guidanceScale(4.0).seed(7)
                    .build());
            GeneratedImage image = result.image();
            image.save(dir.resolve("square.png"));
            BufferedImage awt = image.toBufferedImage();
            GenerationParameters used = result.parameters();
            assertThat(awt.getWidth()).isEqualTo(128);
            assertThat(used.seed()).isEqualTo(7L);

            CancellationToken token = new CancellationToken();
            GenerationResult r = generator.generate(GenerationRequest.builder()
                    .prompt("a white circle on a purple background").seed(1)
                    .listener(p -> System.out.printf("step %d/%d, ETA %s%n", p.step(), p.totalSteps(), p.eta()))
                    .previews(5, (step, total, previews) -> previews.get(0).toBufferedImage())
                    .onStepEnd((step, timestep, latents) -> { /* inspect or change the packed latents */ })
                    .cancellation(token)
                    .timeout(Duration.ofMinutes(2))
                    .build());
            System.out.println(r.timings());
            assertThat(r.timings().networks()).isPositive();

            GenerationRequest batch = GenerationRequest.builder().prompt("a green square on a white background")
                    .seed(3).batchSize(2).build();
            GenerationRequest styled = StylePresets.builtIn().get("watercolor").applyTo(batch);
            List<GeneratedImage> images = generator.generate(styled).images();
            PromptCache.Stats stats = generator.promptCacheStats();
            assertThat(images).hasSize(2);
            assertThat(stats.hits()).isPositive();
        }
    }
}
