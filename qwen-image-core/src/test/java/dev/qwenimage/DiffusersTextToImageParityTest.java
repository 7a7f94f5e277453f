package dev.qwenimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qwenimage.io.NpyArray;
import dev.qwenimage.pipeline.RunContext;
import dev.qwenimage.scheduler.SchedulerRun;
import dev.qwenimage.testing.Fixtures;
import dev.qwenimage.text.PromptEmbedding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text-to-image against what diffusers computed with the tiny fixture model ({@code fixtures/t2i}): token ids
 * identical; prompt embeddings, every step's latents and the final image within 1e-4.
 */
class DiffusersTextToImageParityTest {

    static final double TOLERANCE = 1e-4;
    static QwenImageGenerator generator;

    @BeforeAll
    static void load() {
        generator = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    static String dir(String name) {
        return "/fixtures/t2i/" + name + "/";
    }

    static GenerationRequest.Builder request(JsonNode c) {
        GenerationRequest.Builder b = GenerationRequest.builder()
                .prompt(c.get("prompt").asText())
                .size(c.get("width").asInt(), c.get("height").asInt())
                .steps(c.get("steps").asInt())
                .guidanceScale(c.get("true_cfg_scale").asDouble());
        b.negativePrompt(c.get("negative_prompt").isNull() ? null : c.get("negative_prompt").asText());
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"case_plain", "case_cfg"})
    void tokenIdsAreIdentical(String name) {
        JsonNode c = Fixtures.json(dir(name) + "case.json");
        long[] ids = generator.pipeline().promptEncoder().tokenIds(c.get("prompt").asText());
        long[] expected = new long[c.get("token_ids").size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = c.get("token_ids").get(i).asLong();
        }
        assertThat(ids).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"case_plain", "case_cfg"})
    void promptEmbeddingsMatch(String name) {
        JsonNode c = Fixtures.json(dir(name) + "case.json");
        try (RunContext none = new RunContext(null)) {
            PromptEmbedding e = generator.pipeline().encodePrompt(c.get("prompt").asText(), none);
            NpyArray expected = Fixtures.npy(dir(name) + "prompt_embeds.npy");
            assertThat(expected.shape()).containsExactly(1, e.tokens(), e.dim());
            double err = Fixtures.maxAbsDiff(e.values(), expected.data());
            System.out.printf("%s prompt_embeds max error %.3g%n", name, err);
            assertThat(err).isLessThan(TOLERANCE);
            if (Fixtures.exists(dir(name) + "negative_prompt_embeds.npy")) {
                PromptEmbedding n = generator.pipeline().encodePrompt(c.get("negative_prompt").asText(), none);
                double nerr = Fixtures.maxAbsDiff(n.values(), Fixtures.npy(dir(name) + "negative_prompt_embeds.npy").data());
                System.out.printf("%s negative_prompt_embeds max error %.3g%n", name, nerr);
                assertThat(nerr).isLessThan(TOLERANCE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"case_plain", "case_cfg"})
    void scheduleMatches(String name) {
        JsonNode c = Fixtures.json(dir(name) + "case.json");
        var pipeline = generator.pipeline();
        var grid = pipeline.grid(c.get("width").asInt(), c.get("height").asInt());
        assertThat(grid.height()).isEqualTo(c.get("latent_height").asInt());
        assertThat(grid.width()).isEqualTo(c.get("latent_width").asInt());
        assertThat(pipeline.scheduler().mu(grid.tokens())).isCloseTo(c.get("mu").asDouble(),
                org.assertj.core.data.Offset.offset(1e-12));
        SchedulerRun run = pipeline.schedule(grid, c.get("steps").asInt());
        for (int i = 0; i < run.size(); i++) {
            assertThat(run.timestep(i)).isEqualTo((float) c.get("timesteps").get(i).asDouble());
        }
        float[] sigmas = run.sigmas();
        for (int i = 0; i < sigmas.length; i++) {
            assertThat(sigmas[i]).isEqualTo((float) c.get("sigmas").get(i).asDouble());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"case_plain", "case_cfg"})
    void everyStepAndTheImageMatchWithTheFixtureNoise(String name) {
        JsonNode c = Fixtures.json(dir(name) + "case.json");
        List<float[]> steps = new ArrayList<>();
        GenerationResult result = generator.generate(request(c)
                .initialNoise(Fixtures.npy(dir(name) + "initial_noise.npy"))
                .onStepEnd((step, t, latents) -> steps.add(latents.clone()))
                .build());
        assertThat(steps).hasSize(c.get("steps").asInt());
        for (int i = 0; i < steps.size(); i++) {
            double err = Fixtures.maxAbsDiff(steps.get(i), Fixtures.npy(dir(name) + "latents_step" + i + ".npy").data());
            System.out.printf("%s latents_step%d max error %.3g%n", name, i, err);
            assertThat(err).as("step %d", i).isLessThan(TOLERANCE);
        }
        NpyArray expected = Fixtures.npy(dir(name) + "image.npy");
        GeneratedImage image = result.image();
        assertThat(expected.shape()).containsExactly(image.height(), image.width(), 3);
        double err = Fixtures.maxAbsDiff(image.rgb(), expected.data());
        System.out.printf("%s image max error %.3g%n", name, err);
        assertThat(err).isLessThan(TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"case_plain", "case_cfg"})
    void theSeedAloneReproducesDiffusersImage(String name) {
        JsonNode c = Fixtures.json(dir(name) + "case.json");
        GenerationResult result = generator.generate(request(c).seed(c.get("seed").asLong()).build());
        double err = Fixtures.maxAbsDiff(result.image().rgb(), Fixtures.npy(dir(name) + "image.npy").data());
        System.out.printf("%s image from seed %d max error %.3g%n", name, c.get("seed").asLong(), err);
        assertThat(err).isLessThan(TOLERANCE);
        assertThat(result.parameters().seed()).isEqualTo(c.get("seed").asLong());
    }
}
