package dev.qwenimage.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configs are read as diffusers reads them: unknown keys ignored, unsupported values rejected by name. */
class SchedulerConfigTest {

    @TempDir
    Path temp;

    static Scheduler of(String json) {
        return Schedulers.fromConfig(SchedulerConfig.parse(json, "test.json"));
    }

    @Test
    void unknownKeysAreIgnored() {
        Scheduler s = of("{\"_class_name\": \"DDIMScheduler\", \"_diffusers_version\": \"0.40\", \"some_future_option\": [1, 2]}");
        assertThat(s.newRun(ScheduleRequest.ofSteps(10)).size()).isEqualTo(10);
    }

    @Test
    void unsupportedValuesAreRejectedNamingKeyValueAndChoices() {
        assertThatThrownBy(() -> of("{\"_class_name\": \"DDPMScheduler\", \"beta_schedule\": \"sigmoid\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test.json")
                .hasMessageContaining("beta_schedule").hasMessageContaining("sigmoid").hasMessageContaining("scaled_linear");
        assertThatThrownBy(() -> of("{\"_class_name\": \"DDIMScheduler\", \"thresholding\": true}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thresholding");
        assertThatThrownBy(() -> of("{\"_class_name\": \"EulerDiscreteScheduler\", \"prediction_type\": \"flow\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prediction_type");
        assertThatThrownBy(() -> of("{\"_class_name\": \"DPMSolverMultistepScheduler\", \"solver_order\": 3}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solver_order 3");
        assertThatThrownBy(() -> of("{\"_class_name\": \"DPMSolverMultistepScheduler\", \"algorithm_type\": \"sde-dpmsolver++\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("algorithm_type");
        assertThatThrownBy(() -> of("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"use_beta_sigmas\": true}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use_beta_sigmas");
        assertThatThrownBy(() -> of("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"shift\": \"three\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shift");
        assertThatThrownBy(() -> of("{\"_class_name\": \"UniPCMultistepScheduler\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UniPCMultistepScheduler");
        assertThatThrownBy(() -> of("{\"beta_start\": 0.1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("_class_name is missing");
    }

    @Test
    void fileErrorsNameTheFile() throws Exception {
        assertThatThrownBy(() -> Schedulers.fromConfig(temp.resolve("none.json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none.json");
        Path bad = temp.resolve("bad.json");
        Files.writeString(bad, "{\"_class_name\": ");
        assertThatThrownBy(() -> Schedulers.fromConfig(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("not valid JSON");
    }

    @Test
    void requestsAreValidated() {
        assertThatThrownBy(() -> ScheduleRequest.ofSteps(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ScheduleRequest.ofSigmas()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleRequest.ofSigmas(1.0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        Scheduler dynamic = of("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"use_dynamic_shifting\": true}");
        assertThatThrownBy(() -> dynamic.newRun(ScheduleRequest.ofSteps(4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mu");
        assertThatThrownBy(() -> of("{\"_class_name\": \"DDIMScheduler\"}").newRun(ScheduleRequest.ofSigmas(0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not custom sigmas");
        assertThatThrownBy(() -> of("{\"_class_name\": \"DDPMScheduler\"}").newRun(ScheduleRequest.ofSteps(1001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
    }

    @Test
    void karrasSigmasSpanTheScheduleAndDecreaseWithRhoSeven() {
        float[] plain = of("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"shift\": 3.0}")
                .newRun(ScheduleRequest.ofSteps(12)).sigmas();
        float[] karras = of("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"shift\": 3.0, \"use_karras_sigmas\": true}")
                .newRun(ScheduleRequest.ofSteps(12)).sigmas();
        assertThat(karras[0]).isEqualTo(plain[0]);
        assertThat(karras[11]).isCloseTo(plain[11], org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(karras[12]).isZero();
        for (int i = 0; i < 11; i++) {
            assertThat(karras[i + 1]).isLessThan(karras[i]);
        }
        // Karras et al. 2022, eq. 5: sigma_i^(1/7) is linear in i.
        double first = Math.pow(karras[0], 1 / 7.0);
        double last = Math.pow(karras[11], 1 / 7.0);
        assertThat(Math.pow(karras[6], 1 / 7.0)).isCloseTo(first + (last - first) * 6 / 11, org.assertj.core.data.Offset.offset(1e-5));

        SchedulerRun euler = of("{\"_class_name\": \"EulerDiscreteScheduler\", \"beta_schedule\": \"scaled_linear\", "
                + "\"beta_start\": 0.00085, \"beta_end\": 0.012, \"use_karras_sigmas\": true}").newRun(ScheduleRequest.ofSteps(10));
        float[] t = euler.timesteps();
        assertThat(t[0]).isCloseTo(999f, org.assertj.core.data.Offset.offset(0.5f));
        for (int i = 0; i < 9; i++) {
            assertThat(t[i + 1]).isLessThan(t[i]);
        }
        SchedulerRun dpm = of("{\"_class_name\": \"DPMSolverMultistepScheduler\", \"beta_schedule\": \"scaled_linear\", "
                + "\"beta_start\": 0.00085, \"beta_end\": 0.012, \"use_karras_sigmas\": true}").newRun(ScheduleRequest.ofSteps(10));
        assertThat(dpm.sigmas()[0]).isGreaterThan(dpm.sigmas()[9]);
        assertThat(dpm.timesteps()[9]).isLessThan(dpm.timesteps()[0]);
    }

    @Test
    void flowNoiseScalingIsTheInterpolationAtTheStepsSigma() {
        SchedulerRun run = of("{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\"}").newRun(ScheduleRequest.ofSteps(4));
        float[] x = {2f, -1f};
        float[] noise = {0.5f, 0.25f};
        float[] out = new float[2];
        run.addNoise(x, noise, 1, out);
        float sigma = run.sigmas()[1];
        assertThat(out[0]).isEqualTo(sigma * 0.5f + (1 - sigma) * 2f);
        assertThat(out[1]).isEqualTo(sigma * 0.25f + (1 - sigma) * -1f);
    }
}
