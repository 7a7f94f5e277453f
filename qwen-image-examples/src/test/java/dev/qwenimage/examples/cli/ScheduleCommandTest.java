package dev.qwenimage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qwenimage.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedule} prints what diffusers' set_timesteps gives. */
class ScheduleCommandTest {

    @TempDir
    Path temp;

    @Test
    void customSigmasGiveThePipelinesSchedule() throws Exception {
        // QwenImagePipeline passes sigmas = linspace(1, 1/N, N); the fixture recorded diffusers' result for N = 3.
        Path config = Fixtures.tinyModel().resolve("scheduler/scheduler_config.json");
        CliRunner r = CliRunner.run("schedule", "--config", config.toString(),
                "--sigmas", "1.0,0.6666666666666666,0.3333333333333333", "--mu", "0.459375");
        assertThat(r.status).as(r.err).isZero();
        JsonNode printed = new ObjectMapper().readTree(r.out);
        JsonNode expected = Fixtures.json("/fixtures/t2i/case_plain/case.json");
        for (String key : new String[] {"timesteps", "sigmas"}) {
            assertThat(printed.get(key).size()).isEqualTo(expected.get(key).size());
            for (int i = 0; i < printed.get(key).size(); i++) {
                assertThat((float) printed.get(key).get(i).asDouble()).as(key + "[" + i + "]")
                        .isEqualTo((float) expected.get(key).get(i).asDouble());
            }
        }
    }

    @Test
    void dynamicShiftingWithoutMuIsAClearError() throws Exception {
        Path config = temp.resolve("scheduler_config.json");
        Files.writeString(config, "{\"_class_name\": \"FlowMatchEulerDiscreteScheduler\", \"use_dynamic_shifting\": true}");
        CliRunner r = CliRunner.run("schedule", "--config", config.toString(), "--steps", "4");
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).contains("mu");
    }

    @Test
    void ddimPrintsIntegerTimestepsAndNoSigmas() throws Exception {
        Path config = temp.resolve("ddim.json");
        Files.writeString(config, "{\"_class_name\": \"DDIMScheduler\", \"beta_schedule\": \"scaled_linear\", "
                + "\"beta_start\": 0.00085, \"beta_end\": 0.012, \"steps_offset\": 1, \"timestep_spacing\": \"leading\"}");
        CliRunner r = CliRunner.run("schedule", "--config", config.toString(), "--steps", "4");
        assertThat(r.status).as(r.err).isZero();
        JsonNode printed = new ObjectMapper().readTree(r.out);
        assertThat(printed.get("timesteps").toString()).isEqualTo("[751.0,501.0,251.0,1.0]");
        assertThat(printed.get("sigmas").size()).isZero();
    }

    @Test
    void unknownSchedulerIsAClearError() throws Exception {
        Path config = temp.resolve("x.json");
        Files.writeString(config, "{\"_class_name\": \"UniPCMultistepScheduler\"}");
        CliRunner r = CliRunner.run("schedule", "--config", config.toString(), "--steps", "4");
        assertThat(r.status).isEqualTo(1);
        assertThat(r.err).contains("UniPCMultistepScheduler").contains("FlowMatchEulerDiscreteScheduler");
    }
}
