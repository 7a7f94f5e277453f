package dev.qwenimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qwenimage.testing.Fixtures;
import dev.qwenimage.testing.ShapePalette;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in qwen-image-micro model follows colour prompts: for every English prompt of the model's adherence record
 * (20 steps, guidance 4, negative " ", seeds 0-2), the named colour covers at least 2% of the pixels and the background
 * colour at least 40%, colours taken as the nearest of the model card's ten.
 */
class MicroModelAdherenceTest {

    static QwenImageGenerator generator;

    @BeforeAll
    static void load() {
        generator = QwenImageGenerator.builder().build();
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    static Stream<Arguments> englishPrompts() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode e : Fixtures.json("/fixtures/qwen-image-micro-adherence.json")) {
            String prompt = e.get("prompt").asText();
            if (prompt.chars().allMatch(ch -> ch < 128)) {
                out.add(Arguments.of(prompt, e.get("seed").asLong(), e.get("fg").asText(), e.get("bg").asText()));
            }
        }
        assertThat(out).hasSize(15);
        return out.stream();
    }

    @ParameterizedTest(name = "{0} (seed {1})")
    @MethodSource("englishPrompts")
    void namedColoursCoverTheImage(String prompt, long seed, String foreground, String background) {
        GenerationResult result = generator.generate(GenerationRequest.builder().prompt(prompt).seed(seed)
                .steps(20).guidanceScale(4.0).negativePrompt(" ").size(128, 128).build());
        double fg = ShapePalette.fraction(result.image(), foreground);
        double bg = ShapePalette.fraction(result.image(), background);
        System.out.printf("%-70s seed %d: %s %.3f, %s %.3f%n", prompt, seed, foreground, fg, background, bg);
        assertThat(fg).as("fraction of %s", foreground).isGreaterThanOrEqualTo(0.02);
        assertThat(bg).as("fraction of %s", background).isGreaterThanOrEqualTo(0.40);
    }

    @Test
    void theModelDefaultsApplyWhenTheRequestLeavesValuesUnset() {
        GenerationResult result = generator.generate(GenerationRequest.builder()
                .prompt("a large red circle in the center on a blue background").seed(0).build());
        GenerationParameters p = result.parameters();
        assertThat(p.width()).isEqualTo(128);
        assertThat(p.height()).isEqualTo(128);
        assertThat(p.steps()).isEqualTo(20);
        assertThat(p.guidanceScale()).isEqualTo(4.0);
        assertThat(p.negativePrompt()).isEqualTo(" ");
        assertThat(p.trueCfg()).isTrue();
        assertThat(p.model()).isEqualTo("qwen-image-micro");
        assertThat(result.image().width()).isEqualTo(128);
    }
}
