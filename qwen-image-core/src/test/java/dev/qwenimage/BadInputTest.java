package dev.qwenimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qwenimage.io.NpyArray;
import dev.qwenimage.runtime.InvalidModelException;
import dev.qwenimage.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input fails fast with a message that names the problem. */
class BadInputTest {

    static QwenImageGenerator generator;

    @TempDir
    Path temp;

    @BeforeAll
    static void load() {
        generator = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    /** A copy of the tiny model with one change applied. */
    Path brokenModel(Consumer<Path> change) throws IOException {
        Path copy = temp.resolve("model");
        Path source = Fixtures.tinyModel();
        try (var files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        change.accept(copy);
        return copy;
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void replace(Path file, String from, String to) {
        try {
            String s = Files.readString(file);
            assertThat(s).contains(from);
            Files.writeString(file, s.replace(from, to));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static QwenImageGenerator load(Path model) {
        return QwenImageGenerator.builder().modelPath(model).build();
    }

    @Test
    void missingFolder() {
        assertThatThrownBy(() -> load(temp.resolve("nope")))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("nope").hasMessageContaining("not found");
    }

    @Test
    void missingModelIndex() throws IOException {
        Path model = brokenModel(m -> m.resolve("model_index.json").toFile().delete());
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model_index.json").hasMessageContaining("missing");
    }

    @Test
    void malformedJson() throws IOException {
        Path model = brokenModel(m -> write(m.resolve("model_index.json"), "{\"_class_name\": \"QwenImagePipeline\","));
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model_index.json").hasMessageContaining("malformed JSON");
    }

    @Test
    void unknownComponentClass() throws IOException {
        Path model = brokenModel(m -> replace(m.resolve("model_index.json"), "\"QwenImageTransformer2DModel\"", "\"FluxTransformer2DModel\""));
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("unknown class 'FluxTransformer2DModel'").hasMessageContaining("transformer");
    }

    @Test
    void missingNetworkFile() throws IOException {
        Path model = brokenModel(m -> m.resolve("transformer/model.onnx").toFile().delete());
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("transformer/model.onnx").hasMessageContaining("missing");
    }

    @Test
    void truncatedOnnxFile() throws IOException {
        Path model = brokenModel(m -> {
            try {
                byte[] bytes = Files.readAllBytes(m.resolve("vae_decoder/model.onnx"));
                Files.write(m.resolve("vae_decoder/model.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("vae_decoder/model.onnx").hasMessageContaining("not a loadable ONNX model");
    }

    @Test
    void randomBytesAsOnnxFile() throws IOException {
        Path model = brokenModel(m -> {
            byte[] junk = new byte[4096];
            new java.util.Random(1).nextBytes(junk);
            try {
                Files.write(m.resolve("text_encoder/model.onnx"), junk);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("text_encoder/model.onnx");
    }

    @Test
    void networkThatDoesNotMatchTheContract() throws IOException {
        Path model = brokenModel(m -> {
            try {
                Files.copy(m.resolve("vae_decoder/model.onnx"), m.resolve("transformer/model.onnx"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("transformer/model.onnx").hasMessageContaining("no input 'hidden_states'")
                .hasMessageContaining("latent_sample");
    }

    @Test
    void malformedTokenizer() throws IOException {
        Path model = brokenModel(m -> write(m.resolve("tokenizer/tokenizer.json"), "{\"version\": \"1.0\", \"model\": 42}"));
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("tokenizer.json");
    }

    @Test
    void absurdConfigValues() throws IOException {
        Path zeroChannels = brokenModel(m -> replace(m.resolve("vae_decoder/config.json"), "\"z_dim\": 4", "\"z_dim\": 0"));
        assertThatThrownBy(() -> load(zeroChannels)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("vae_decoder/config.json").hasMessageContaining("z_dim");
    }

    @Test
    void negativeDefaultSteps() throws IOException {
        Path model = brokenModel(m -> replace(m.resolve("model_index.json"), "\"format\": \"onnx\",",
                "\"format\": \"onnx\", \"defaults\": {\"num_inference_steps\": -3},"));
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("num_inference_steps");
    }

    @Test
    void nonFlowScheduler() throws IOException {
        Path model = brokenModel(m -> replace(m.resolve("scheduler/scheduler_config.json"),
                "\"FlowMatchEulerDiscreteScheduler\"", "\"DDIMScheduler\""));
        assertThatThrownBy(() -> load(model)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("scheduler_config.json").hasMessageContaining("DDIMScheduler");
    }

    @Test
    void sizeNotAMultipleOfTwiceTheVaeFactor() {
        // The tiny model's VAE factor is 4: sizes must be multiples of 8.
        GenerationRequest request = GenerationRequest.builder().prompt("x").size(36, 32).steps(1).build();
        assertThatThrownBy(() -> generator.generate(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("36x32").hasMessageContaining("multiples of 8");
    }

    @Test
    void sizesOfZeroOrHuge() {
        assertThatThrownBy(() -> GenerationRequest.builder().size(0, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x64");
        assertThatThrownBy(() -> GenerationRequest.builder().size(65536, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536x64");
    }

    @Test
    void stepsBelowOne() {
        assertThatThrownBy(() -> GenerationRequest.builder().steps(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps").hasMessageContaining("0");
    }

    @Test
    void negativeGuidance() {
        assertThatThrownBy(() -> GenerationRequest.builder().guidanceScale(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("guidance").hasMessageContaining("-1");
        assertThatThrownBy(() -> GenerationRequest.builder().guidanceScale(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingPrompt() {
        assertThatThrownBy(() -> GenerationRequest.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prompt");
    }

    @Test
    void initialNoiseOfTheWrongShape() {
        NpyArray noise = new NpyArray(new long[] {1, 4, 8, 9}, new float[4 * 8 * 9]);
        GenerationRequest request = GenerationRequest.builder().prompt("x").size(32, 32).steps(1).initialNoise(noise).build();
        assertThatThrownBy(() -> generator.generate(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1, 4, 8, 9]").hasMessageContaining("[1, 4, 8, 8]");
    }

    @Test
    void initialNoiseWithNaN() {
        float[] values = new float[4 * 8 * 8];
        values[17] = Float.NaN;
        NpyArray noise = new NpyArray(new long[] {1, 4, 8, 8}, values);
        assertThatThrownBy(() -> GenerationRequest.builder().prompt("x").initialNoise(noise).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }

    @Test
    void useAfterCloseIsAClearErrorAndCloseIsIdempotent() {
        QwenImageGenerator g = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
        g.close();
        g.close();
        assertThat(g.isClosed()).isTrue();
        assertThatThrownBy(() -> g.generate(GenerationRequest.builder().prompt("x").build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
