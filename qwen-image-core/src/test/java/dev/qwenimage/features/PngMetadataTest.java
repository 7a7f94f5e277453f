package dev.qwenimage.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.GeneratedImage;
import dev.qwenimage.GenerationParameters;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.io.PngParameters;
import dev.qwenimage.testing.Fixtures;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved PNGs carry the generation parameters in a standard text chunk that the SDK and other tools read back. */
class PngMetadataTest {

    @TempDir
    Path temp;

    @Test
    void parametersRoundTripThroughASavedPng() throws IOException {
        try (QwenImageGenerator g = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build()) {
            GenerationResult r = g.generate(GenerationRequest.builder().prompt("a red fox, sitting: in snow")
                    .negativePrompt("blurry, low quality").size(32, 32).steps(2).guidanceScale(3.5).seed(77).build());
            Path png = temp.resolve("fox.png");
            r.image().save(png);
            GenerationParameters back = GeneratedImage.readParameters(png).orElseThrow();
            assertThat(back).isEqualTo(r.parameters());
            assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(32);
            String chunk = chunkText(png, "tEXt");
            assertThat(chunk).startsWith("parameters\0a red fox, sitting: in snow\nNegative prompt: blurry, low quality\n"
                    + "Steps: 2, Sampler: FlowMatchEulerDiscreteScheduler, CFG scale: 3.5, Seed: 77, Size: 32x32, Model: "
                    + "qwen-image-tiny, RNG: cpu");
        }
    }

    @Test
    void chinesePromptsUseAnInternationalTextChunk() throws IOException {
        GenerationParameters p = new GenerationParameters("在左边一个小黄色的正方形，黑色背景", " ", 128, 128, 20, 4.0, true,
                5L, "cuda", 1, "qwen-image-micro", "FlowMatchEulerDiscreteScheduler");
        Path png = temp.resolve("zh.png");
        new GeneratedImage(2, 2, new float[12], p).save(png);
        assertThat(GeneratedImage.readParameters(png)).contains(p);
        assertThat(chunkText(png, "iTXt")).startsWith("parameters\0").contains("在左边一个小黄色的正方形");
    }

    @Test
    void imagesWithoutParametersHaveNoChunk() throws IOException {
        Path png = temp.resolve("plain.png");
        new GeneratedImage(2, 2, new float[12]).save(png);
        assertThat(GeneratedImage.readParameters(png)).isEmpty();
        try (InputStream in = Files.newInputStream(png)) {
            assertThat(PngParameters.readText(in)).isEmpty();
        }
    }

    @Test
    void webUiTextWithoutOurExtraFieldsParses() {
        GenerationParameters p = PngParameters.parse("a cat\nNegative prompt: dog\nSteps: 30, Sampler: Euler a, "
                + "CFG scale: 7, Seed: 123, Size: 512x768, Model: \"sd, v1.5\"");
        assertThat(p.prompt()).isEqualTo("a cat");
        assertThat(p.negativePrompt()).isEqualTo("dog");
        assertThat(p.width()).isEqualTo(512);
        assertThat(p.height()).isEqualTo(768);
        assertThat(p.seed()).isEqualTo(123L);
        assertThat(p.model()).isEqualTo("sd, v1.5");
    }

    /**
     * Reads the raw PNG chunks as any tool would, checking each CRC, and returns the data of the first chunk of a
     * type (tEXt: keyword NUL Latin-1 text; iTXt: keyword NUL flags NUL NUL UTF-8 text).
     */
    static String chunkText(Path png, String type) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(png))) {
            in.skipBytes(8);
            while (true) {
                int length = in.readInt();
                byte[] typeBytes = new byte[4];
                in.readFully(typeBytes);
                byte[] data = new byte[length];
                in.readFully(data);
                int crc = in.readInt();
                CRC32 check = new CRC32();
                check.update(typeBytes);
                check.update(data);
                assertThat((int) check.getValue()).as("CRC of " + new String(typeBytes, StandardCharsets.US_ASCII)).isEqualTo(crc);
                String t = new String(typeBytes, StandardCharsets.US_ASCII);
                if (t.equals(type)) {
                    if (t.equals("iTXt")) {
                        int nul = indexOf(data, 0, 0);
                        byte[] rest = java.util.Arrays.copyOfRange(data, nul + 3, data.length);
                        int lang = indexOf(rest, 0, 0);
                        int translated = indexOf(rest, lang + 1, 0);
                        return new String(data, 0, nul + 1, StandardCharsets.ISO_8859_1)
                                + new String(rest, translated + 1, rest.length - translated - 1, StandardCharsets.UTF_8);
                    }
                    return new String(data, StandardCharsets.ISO_8859_1);
                }
                if (t.equals("IEND")) {
                    throw new AssertionError("no " + type + " chunk");
                }
            }
        }
    }

    static int indexOf(byte[] data, int from, int value) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
