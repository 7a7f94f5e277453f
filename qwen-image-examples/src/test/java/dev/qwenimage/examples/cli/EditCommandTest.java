package dev.qwenimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.io.NpyArray;
import dev.qwenimage.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edit} end to end against diffusers' edit fixtures (whose noise is manual_seed(100 × case seed)). */
class EditCommandTest {

    @TempDir
    Path temp;

    Path copy(String resource) throws IOException {
        Path target = temp.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream in = Fixtures.open(resource)) {
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void inpaintsLikeDiffusers() throws IOException {
        String dir = "/fixtures/edit/inpaint_s1/";
        Path raw = temp.resolve("raw.npy");
        Path noise = temp.resolve("noise.npy");
        CliRunner r = CliRunner.run("edit", "--model", Fixtures.tinyModel().toString(), "--image", copy(dir + "source.png").toString(),
                "--mask", copy(dir + "mask.png").toString(), "--strength", "1", "--steps", "4", "--guidance", "1",
                "--no-negative-prompt", "--prompt", "a golden gift box", "--seed", "1300", "--save-raw", raw.toString(),
                "--save-initial-noise", noise.toString(), "--output", temp.resolve("out.png").toString(), "--quiet");
        assertThat(r.status).as(r.err).isZero();
        assertThat(Fixtures.maxAbsDiff(NpyArray.read(raw).data(), Fixtures.npy(dir + "image.npy").data())).isLessThan(1e-4);
        assertThat(NpyArray.read(noise).data()).containsExactly(Fixtures.npy(dir + "noise0.npy").data());
    }

    @Test
    void outpaintsLikeDiffusers() throws IOException {
        String dir = "/fixtures/edit/outpaint_right/";
        Path raw = temp.resolve("raw.npy");
        CliRunner r = CliRunner.run("edit", "--model", Fixtures.tinyModel().toString(), "--image", copy(dir + "source_small.png").toString(),
                "--outpaint", "0,0,32,0", "--steps", "4", "--guidance", "1", "--no-negative-prompt",
                "--prompt", "a wide mountain landscape", "--seed", "1500", "--save-raw", raw.toString(),
                "--output", temp.resolve("out.png").toString(), "--quiet");
        assertThat(r.status).as(r.err).isZero();
        assertThat(r.out).contains("(64x64)");
        assertThat(Fixtures.maxAbsDiff(NpyArray.read(raw).data(), Fixtures.npy(dir + "image.npy").data())).isLessThan(1e-4);
    }

    @Test
    void maskAndOutpaintAreExclusive() throws IOException {
        String dir = "/fixtures/edit/inpaint_s1/";
        CliRunner r = CliRunner.run("edit", "--image", copy(dir + "source.png").toString(), "--mask",
                copy(dir + "mask.png").toString(), "--outpaint", "8,0,0,0", "--prompt", "x", "--output", "o.png");
        assertThat(r.status).isEqualTo(2);
        assertThat(r.err).contains("mutually exclusive");
    }

    @Test
    void aMissingSourceIsAClearError() {
        CliRunner r = CliRunner.run("edit", "--model", Fixtures.tinyModel().toString(), "--image",
                temp.resolve("nope.png").toString(), "--prompt", "x", "--output", temp.resolve("o.png").toString(), "--quiet");
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).contains("nope.png");
    }
}
