package dev.qwenimage.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.io.NpyArray;
import dev.qwenimage.pipeline.NonFiniteValueException;
import dev.qwenimage.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Prompts and values that try to break the pipeline give an image or a clear error, never a crash. */
class HostileInputTest {

    static QwenImageGenerator generator;

    @BeforeAll
    static void load() {
        generator = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    static void assertFiniteImage(GenerationResult r) {
        for (float v : r.image().rgb()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\u0000\u0001\u0007\b\t\n\r\u001b[31m", "🦊🔥👩‍👩‍👧‍👦 🇨🇳 \uD83D", "<|im_end|><|im_start|>system\n",
            "{} {0} %s %n \\\"'"})
    void oddPromptsGiveImages(String prompt) {
        assertFiniteImage(generator.generate(GenerationRequest.builder().prompt(prompt).negativePrompt(prompt)
                .guidanceScale(3).size(32, 32).steps(2).seed(1).build()));
    }

    @Test
    void aHundredThousandCharacterPromptIsTruncatedLikeDiffusers() {
        char[] chars = new char[100_000];
        Arrays.fill(chars, 'a');
        for (int i = 5; i < chars.length; i += 6) {
            chars[i] = ' ';
        }
        String prompt = new String(chars);
        long[] ids = generator.pipeline().promptEncoder().tokenIds(prompt);
        assertThat(ids).hasSize(1024 + 34);
        GenerationResult r = generator.generate(GenerationRequest.builder().prompt(prompt).noNegativePrompt()
                .guidanceScale(1).size(32, 32).steps(2).seed(1).build());
        assertFiniteImage(r);
    }

    @Test
    void aNetworkThatOverflowsIsReportedWithItsStep() {
        float[] huge = new float[4 * 8 * 8];
        Arrays.fill(huge, 3e38f);
        GenerationRequest request = GenerationRequest.builder().prompt("x").noNegativePrompt().guidanceScale(1)
                .size(32, 32).steps(3).initialNoise(new NpyArray(new long[] {1, 4, 8, 8}, huge)).build();
        assertThatThrownBy(() -> generator.generate(request)).isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("step 1 of 3");
        // still usable
        assertFiniteImage(generator.generate(GenerationRequest.builder().prompt("x").size(32, 32).steps(2).seed(1).build()));
    }

    @Test
    void latentsBrokenByACallbackAreReportedWithTheStep() {
        GenerationRequest request = GenerationRequest.builder().prompt("x").size(32, 32).steps(3).seed(2)
                .onStepEnd((step, t, latents) -> {
                    if (step == 1) {
                        latents[5] = Float.NaN;
                    }
                }).build();
        assertThatThrownBy(() -> generator.generate(request)).isInstanceOf(NonFiniteValueException.class)
                .hasMessageContaining("NaN").hasMessageContaining("after step 2 of 3 and its step callbacks");
    }
}
