package dev.qwenimage.editing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.io.NpyArray;
import dev.qwenimage.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every case of {@code fixtures/edit}: the image within 1e-4 of diffusers', from its recorded noise and from a seed.
 * The fixtures' {@code noise0.npy} is bit for bit {@code torch.Generator("cpu").manual_seed(100 × seed)} of the case's
 * {@code seed} (found by search over seeds and generators; the harness evidently scaled its seeds), so the seed test
 * uses 100 × seed.
 */
class DiffusersEditParityTest {

    static final long FIXTURE_SEED_SCALE = 100;
    static QwenImageGenerator generator;
    static QwenImageEditor editor;

    @BeforeAll
    static void load() {
        generator = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
        editor = new QwenImageEditor(generator);
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    static BufferedImage png(String resource) throws IOException {
        try (InputStream in = Fixtures.open(resource)) {
            return ImageIO.read(in);
        }
    }

    static EditRequest.Builder request(String name, boolean useNoiseFile) throws IOException {
        String dir = "/fixtures/edit/" + name + "/";
        JsonNode c = Fixtures.json(dir + "case.json");
        GenerationRequest.Builder g = GenerationRequest.builder().prompt(c.get("prompt").asText())
                .size(c.get("width").asInt(), c.get("height").asInt()).steps(c.get("steps").asInt())
                .guidanceScale(c.get("true_cfg_scale").asDouble())
                .negativePrompt(c.get("negative_prompt").isNull() ? null : c.get("negative_prompt").asText());
        if (useNoiseFile) {
            g.initialNoise(Fixtures.npy(dir + "noise0.npy"));
        } else {
            g.seed(FIXTURE_SEED_SCALE * c.get("seed").asLong());
        }
        EditRequest.Builder e = EditRequest.builder().generation(g.build()).strength(c.get("strength").asDouble());
        switch (c.get("kind").asText()) {
            case "inpaint":
                e.source(png(dir + "source.png")).mask(png(dir + "mask.png"));
                break;
            case "outpaint":
                JsonNode pad = c.get("pad");
                e.source(png(dir + "source_small.png")).outpaint(new Margins(pad.get(0).asInt(), pad.get(1).asInt(),
                        pad.get(2).asInt(), pad.get(3).asInt()));
                break;
            default:
                e.source(png(dir + "source.png"));
        }
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"img2img_s06", "img2img_cfg_s09", "inpaint_s1", "outpaint_right"})
    void matchesDiffusersWithTheRecordedNoise(String name) throws IOException {
        GenerationResult result = editor.edit(request(name, true).build());
        NpyArray expected = Fixtures.npy("/fixtures/edit/" + name + "/image.npy");
        assertThat(expected.shape()).containsExactly(result.image().height(), result.image().width(), 3);
        double err = Fixtures.maxAbsDiff(result.image().rgb(), expected.data());
        System.out.printf("%-16s image max error %.3g%n", name, err);
        assertThat(err).isLessThan(1e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"img2img_s06", "img2img_cfg_s09", "inpaint_s1", "outpaint_right"})
    void theSeedDrawsTheRecordedNoise(String name) throws IOException {
        EditRequest request = request(name, false).build();
        NpyArray recorded = Fixtures.npy("/fixtures/edit/" + name + "/noise0.npy");
        assertThat(generator.initialNoise(request.generation()).data()).containsExactly(recorded.data());
        GenerationResult result = editor.edit(request);
        double err = Fixtures.maxAbsDiff(result.image().rgb(), Fixtures.npy("/fixtures/edit/" + name + "/image.npy").data());
        System.out.printf("%-16s image from seed max error %.3g%n", name, err);
        assertThat(err).isLessThan(1e-4);
    }
}
