package dev.qwenimage.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qwenimage.testing.Fixtures;
import dev.qwenimage.vae.VaeConfig;
import dev.qwenimage.vae.VaeDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network is checked against the contract when it loads: names, ranks and element types, with the expected and the
 * actual signature in the message ({@code fixtures/contract}, made by make_networks.py there).
 */
class NetworkContractTest {

    @TempDir
    Path temp;

    Path network(String name) throws IOException {
        Path file = temp.resolve(name + ".onnx");
        try (InputStream in = Fixtures.open("/fixtures/contract/" + name + ".onnx")) {
            Files.copy(in, file);
        }
        return file;
    }

    static final VaeConfig CONFIG = new VaeConfig(4, 4, new float[4], new float[] {1, 1, 1, 1});

    @Test
    void aWrongRankIsReportedWithExpectedAndActual() throws IOException {
        Path file = network("wrong_rank");
        assertThatThrownBy(() -> VaeDecoder.load(file, CONFIG, ExecutionPlan.resolve(Device.cpu(), SessionSettings.defaults())))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("wrong_rank.onnx")
                .hasMessageContaining("input 'latent_sample' is float32[?, ?, ?] (rank 3)")
                .hasMessageContaining("expected latent_sample float32[rank 4]");
    }

    @Test
    void aWrongElementTypeIsReportedWithExpectedAndActual() throws IOException {
        Path file = network("wrong_dtype");
        assertThatThrownBy(() -> VaeDecoder.load(file, CONFIG, ExecutionPlan.resolve(Device.cpu(), SessionSettings.defaults())))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("input 'latent_sample' is double")
                .hasMessageContaining("expected latent_sample float32[rank 4]");
    }

    @Test
    void aConformingNetworkLoadsAndReportsItsDynamicBatch() throws IOException {
        try (OnnxNetwork n = OnnxNetwork.load("vae_decoder", network("good"), java.util.List.of(VaeDecoder.INPUT),
                java.util.List.of(VaeDecoder.OUTPUT), ExecutionPlan.resolve(Device.cpu(), SessionSettings.defaults()))) {
            assertThat(n.batchOfOne()).isFalse();
            n.close();
            assertThat(n.isClosed()).isTrue();
            assertThatThrownBy(() -> n.run(java.util.Map.of(), null)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }
}
