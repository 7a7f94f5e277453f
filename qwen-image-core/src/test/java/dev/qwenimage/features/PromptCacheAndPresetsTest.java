package dev.qwenimage.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.prompt.StylePreset;
import dev.qwenimage.prompt.StylePresets;
import dev.qwenimage.testing.Fixtures;
import dev.qwenimage.text.PromptCache;
import dev.qwenimage.text.PromptEmbedding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The prompt-embedding cache skips the text encoder for repeated prompts; style presets rewrite prompts. */
class PromptCacheAndPresetsTest {

    @Test
    void repeatedPromptsHitTheCacheAndGiveTheSameImage() {
        try (QwenImageGenerator g = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).promptCacheSize(8).build()) {
            GenerationRequest r = GenerationRequest.builder().prompt("a fox").negativePrompt("blurry").guidanceScale(3)
                    .size(32, 32).steps(2).seed(4).build();
            float[] first = g.generate(r).image().rgb();
            assertThat(g.promptCacheStats().misses()).isEqualTo(2);
            assertThat(g.promptCacheStats().hits()).isZero();
            float[] second = g.generate(r).image().rgb();
            assertThat(second).containsExactly(first);
            assertThat(g.promptCacheStats().hits()).isEqualTo(2);
            assertThat(g.promptCacheStats().misses()).isEqualTo(2);
            assertThat(g.generate(r.toBuilder().prompt("a cat").build()).timings().textEncoder())
                    .isPositive();
            assertThat(g.promptCacheStats().hits()).isEqualTo(3);
        }
    }

    @Test
    void theCacheEvictsTheLeastRecentlyUsedAndCanBeOff() {
        PromptCache cache = new PromptCache(2);
        AtomicInteger encodes = new AtomicInteger();
        java.util.function.Function<String, PromptEmbedding> encode = p -> {
            encodes.incrementAndGet();
            return new PromptEmbedding(new float[] {p.length()}, 1, 1, new long[] {1});
        };
        cache.get("a", encode);
        cache.get("b", encode);
        cache.get("a", encode);
        cache.get("c", encode);
        cache.get("a", encode);
        cache.get("b", encode);
        assertThat(encodes.get()).isEqualTo(4);
        assertThat(cache.stats().size()).isEqualTo(2);
        assertThat(cache.stats().hitRate()).isEqualTo(2.0 / 6);
        PromptCache off = new PromptCache(0);
        off.get("a", encode);
        off.get("a", encode);
        assertThat(off.stats().hits()).isZero();
        assertThat(off.stats().size()).isZero();
    }

    @Test
    void builtInPresetsStylePromptsAndNegativePrompts() {
        StylePresets presets = StylePresets.builtIn();
        assertThat(presets.names()).contains("cinematic", "photographic", "anime", "watercolor", "chinese ink", "cyberpunk");
        StylePreset ink = presets.get("Chinese_Ink");
        GenerationRequest styled = ink.applyTo(GenerationRequest.builder().prompt("a crane").negativePrompt("text").build());
        assertThat(styled.prompt()).startsWith("traditional Chinese ink painting").contains("of a crane");
        assertThat(styled.negativePrompt()).contains("text, photo, vivid colors, 3d render");
        GenerationRequest noNegative = presets.get("anime").applyTo(GenerationRequest.builder().prompt("x").build());
        assertThat(noNegative.negativePrompt()).contains("photo, realistic, 3d render, blurry");
        assertThatThrownBy(() -> presets.get("vaporwave")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vaporwave").hasMessageContaining("cinematic");
    }

    @Test
    void presetsLoadFromJsonAndRejectBadOnes() throws Exception {
        StylePresets mine = StylePresets.parse(new ByteArrayInputStream(
                "{\"presets\": [{\"name\": \"noir\", \"prompt\": \"film noir {prompt}\"}]}".getBytes(StandardCharsets.UTF_8)), "t");
        assertThat(mine.get("noir").stylePrompt("a street")).isEqualTo("film noir a street");
        assertThatThrownBy(() -> StylePresets.parse(new ByteArrayInputStream(
                "{\"presets\": [{\"name\": \"x\", \"prompt\": \"no placeholder\"}]}".getBytes(StandardCharsets.UTF_8)), "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{prompt}");
        assertThatThrownBy(() -> StylePresets.parse(new ByteArrayInputStream("[".getBytes(StandardCharsets.UTF_8)), "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
    }
}
