package dev.qwenimage.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtProvider;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.testing.Fixtures;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** How devices map to ONNX Runtime execution providers; the CUDA path is checked by construction, without a GPU. */
class DeviceMappingTest {

    @Test
    void cpuIsAlwaysCpu() {
        ExecutionPlan plan = ExecutionPlan.resolve(Device.cpu(), SessionSettings.defaults(), EnumSet.of(OrtProvider.CPU));
        assertThat(plan.effective()).isEqualTo(Device.cpu());
        assertThat(plan.fallbackReason()).isNull();
    }

    @Test
    void cudaMapsToTheCudaProviderWhenTheBuildHasIt() {
        ExecutionPlan plan = ExecutionPlan.resolve(Device.cuda(1), SessionSettings.defaults(),
                EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA));
        assertThat(plan.effective().kind()).isEqualTo(Device.Kind.CUDA);
        assertThat(plan.effective().deviceId()).isEqualTo(1);
    }

    @Test
    void strictCudaWithoutTheProviderFailsWithHowToGetIt() {
        assertThatThrownBy(() -> ExecutionPlan.resolve(Device.cuda(0), SessionSettings.defaults(), EnumSet.of(OrtProvider.CPU)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Pcuda").hasMessageContaining("onnxruntime_gpu")
                .hasMessageContaining("withCpuFallback");
    }

    @Test
    void cudaWithFallbackRunsOnTheCpu() {
        ExecutionPlan plan = ExecutionPlan.resolve(Device.cuda(0).withCpuFallback(), SessionSettings.defaults(),
                EnumSet.of(OrtProvider.CPU));
        assertThat(plan.effective()).isEqualTo(Device.cpu());
        assertThat(plan.requested()).isEqualTo(Device.cuda(0).withCpuFallback());
        assertThat(plan.fallbackReason()).contains("no CUDA execution provider");
    }

    @Test
    void aGpuBuildWhoseCudaLibrariesAreMissingFallsBackOrFailsAtResolution() {
        var available = EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA);
        java.util.function.IntFunction<String> missing = id -> "libcublasLt.so.12: cannot open shared object file";
        ExecutionPlan plan = ExecutionPlan.resolve(Device.cuda(0).withCpuFallback(), SessionSettings.defaults(), available, missing);
        assertThat(plan.effective()).isEqualTo(Device.cpu());
        assertThat(plan.fallbackReason()).contains("failed to start").contains("libcublasLt");
        assertThatThrownBy(() -> ExecutionPlan.resolve(Device.cuda(0), SessionSettings.defaults(), available, missing))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("libcublasLt")
                .hasMessageContaining("CUDA 12");
    }

    @Test
    void theCpuBuildOnThisMachineFallsBackForReal() {
        try (QwenImageGenerator g = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel())
                .device(Device.parse("cuda:0?fallback")).build()) {
            assertThat(g.executionPlan().effective()).isEqualTo(Device.cpu());
        }
        assertThatThrownBy(() -> QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).device(Device.cuda(0)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CUDA");
    }

    @Test
    void deviceTextParses() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.cpu());
        assertThat(Device.parse("CUDA")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse("cuda:3").deviceId()).isEqualTo(3);
        assertThat(Device.parse("cuda:1?fallback").cpuFallback()).isTrue();
        assertThatThrownBy(() -> Device.parse("tpu")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tpu");
        assertThatThrownBy(() -> Device.cuda(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sessionSettingsMapToOptimizationLevels() {
        assertThat(ExecutionPlan.optLevel(SessionSettings.GraphOptimization.NONE))
                .isEqualTo(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.NO_OPT);
        assertThat(ExecutionPlan.optLevel(SessionSettings.GraphOptimization.ALL))
                .isEqualTo(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT);
        assertThatThrownBy(() -> SessionSettings.builder().intraOpThreads(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
