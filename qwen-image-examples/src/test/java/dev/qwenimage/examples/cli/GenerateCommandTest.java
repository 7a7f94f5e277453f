package dev.qwenimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qwenimage.io.NpyArray;
import dev.qwenimage.testing.Fixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate} end to end, against the diffusers fixtures of the tiny model. */
class GenerateCommandTest {

    @TempDir
    Path temp;

    @Test
    void reproducesTheFixtureImageFromItsSeedAndSavesNoiseAndRawValues() throws Exception {
        JsonNode c = Fixtures.json("/fixtures/t2i/case_cfg/case.json");
        Path png = temp.resolve("out.png");
        Path raw = temp.resolve("raw.npy");
        Path noise = temp.resolve("noise.npy");
        CliRunner r = CliRunner.run("generate", "--model", Fixtures.tinyModel().toString(),
                "--prompt", c.get("prompt").asText(), "--negative-prompt", c.get("negative_prompt").asText(),
                "--width", "32", "--height", "64", "--steps", "4", "--guidance", "4", "--seed", "42",
                "--save-initial-noise", noise.toString(), "--save-raw", raw.toString(), "--output", png.toString(), "--quiet");
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.out).contains("wrote " + png).contains("seed 42 (cpu)").contains("true CFG");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(32);
        NpyArray image = NpyArray.read(raw);
        assertThat(image.shape()).containsExactly(64, 32, 3);
        assertThat(Fixtures.maxAbsDiff(image.data(), Fixtures.npy("/fixtures/t2i/case_cfg/image.npy").data())).isLessThan(1e-4);
        NpyArray savedNoise = NpyArray.read(noise);
        NpyArray expectedNoise = Fixtures.npy("/fixtures/t2i/case_cfg/initial_noise.npy");
        assertThat(savedNoise.shape()).containsExactly(expectedNoise.shape());
        assertThat(savedNoise.data()).containsExactly(expectedNoise.data());
    }

    @Test
    void startsFromGivenInitialNoise() throws Exception {
        Path noise = temp.resolve("noise.npy");
        try (InputStream in = Fixtures.open("/fixtures/t2i/case_plain/initial_noise.npy")) {
            Files.copy(in, noise);
        }
        Path raw = temp.resolve("raw.npy");
        CliRunner r = CliRunner.run("generate", "--model", Fixtures.tinyModel().toString(),
                "--prompt", "a red fox sitting in the snow", "--no-negative-prompt", "--guidance", "1",
                "--width", "32", "--height", "32", "--steps", "3", "--initial-noise", noise.toString(),
                "--save-raw", raw.toString(), "--output", temp.resolve("o.png").toString(), "--quiet");
        assertThat(r.status).as(r.err).isZero();
        assertThat(Fixtures.maxAbsDiff(NpyArray.read(raw).data(), Fixtures.npy("/fixtures/t2i/case_plain/image.npy").data()))
                .isLessThan(1e-4);
    }

    @Test
    void initialNoiseOfTheWrongShapeIsAClearError() throws Exception {
        Path noise = temp.resolve("noise.npy");
        new NpyArray(new long[] {1, 4, 2, 2}, new float[16]).write(noise);
        CliRunner r = CliRunner.run("generate", "--model", Fixtures.tinyModel().toString(), "--prompt", "x",
                "--width", "32", "--height", "32", "--initial-noise", noise.toString(), "--output",
                temp.resolve("o.png").toString(), "--quiet");
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).contains("initial noise has shape [1, 4, 2, 2]").contains("[1, 4, 8, 8]");
        assertThat(temp.resolve("o.png")).doesNotExist();
    }

    @Test
    void writesPreviewsAndEmbedsParameters() throws Exception {
        Path previews = temp.resolve("previews");
        Path png = temp.resolve("p.png");
        CliRunner r = CliRunner.run("generate", "--prompt", "a large red circle in the center on a blue background",
                "--seed", "0", "--steps", "6", "--preview-every", "3", "--preview-dir", previews.toString(),
                "--output", png.toString(), "--quiet");
        assertThat(r.status).as(r.err).isZero();
        assertThat(previews.resolve("preview-step03.png")).exists();
        assertThat(ImageIO.read(previews.resolve("preview-step06.png").toFile()).getWidth()).isEqualTo(128);
        var p = dev.qwenimage.GeneratedImage.readParameters(png).orElseThrow();
        assertThat(p.seed()).isZero();
        assertThat(p.steps()).isEqualTo(6);
        assertThat(p.model()).isEqualTo("qwen-image-micro");
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliRunner r = CliRunner.run("generate", "--output", temp.resolve("o.png").toString());
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err).contains("--prompt");
    }

    @Test
    void batchesGetNumberedFiles() {
        CliRunner r = CliRunner.run("generate", "--model", Fixtures.tinyModel().toString(), "--prompt", "x",
                "--width", "32", "--height", "32", "--steps", "2", "--seed", "3", "--batch", "2",
                "--output", temp.resolve("b.png").toString(), "--quiet");
        assertThat(r.status).as(r.err).isZero();
        assertThat(temp.resolve("b-1.png")).exists();
        assertThat(temp.resolve("b-2.png")).exists();
    }
}
