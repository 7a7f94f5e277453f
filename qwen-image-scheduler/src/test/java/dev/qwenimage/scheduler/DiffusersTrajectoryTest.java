package dev.qwenimage.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every trajectory of {@code fixtures/schedulers.json}, computed by diffusers under the fixed model
 * {@code out = 0.8·x·t/(t+1) + 0.05·cos(x)}: same timesteps and sigmas, and every intermediate sample within 1e-4.
 */
class DiffusersTrajectoryTest {

    static final double SAMPLE_TOLERANCE = 1e-4;

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = DiffusersTrajectoryTest.class.getResourceAsStream("/fixtures/schedulers.json")) {
            JsonNode all = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(in);
            List<Arguments> out = new ArrayList<>();
            for (JsonNode c : all) {
                out.add(Arguments.of(c.get("name").asText(), c));
            }
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesDiffusersStepForStep(String name, JsonNode c) {
        ObjectNode config = (ObjectNode) c.get("config").deepCopy();
        config.put("_class_name", c.get("class").asText());
        Scheduler scheduler = Schedulers.fromConfig(SchedulerConfig.of(config, name));
        JsonNode kwargs = c.get("step_kwargs");
        if (kwargs.has("eta")) {
            scheduler = ((DDIMScheduler) scheduler).withEta(kwargs.get("eta").asDouble());
        }
        JsonNode set = c.get("set_timesteps");
        ScheduleRequest request = set.has("sigmas")
                ? ScheduleRequest.ofSigmas(doubles(set.get("sigmas")))
                : ScheduleRequest.ofSteps(set.get("num_inference_steps").asInt());
        if (set.has("mu")) {
            request = request.withMu(set.get("mu").asDouble());
        }
        SchedulerRun run = scheduler.newRun(request);

        assertThat(run.timesteps()).as("timesteps").containsExactly(floats(c.get("timesteps")),
                org.assertj.core.data.Offset.offset(1e-3f));
        if (!c.get("sigmas").isNull()) {
            assertThat(run.sigmas()).as("sigmas").containsExactly(floats(c.get("sigmas")),
                    org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(run.initNoiseSigma()).as("init_noise_sigma")
                .isCloseTo((float) c.get("init_noise_sigma").asDouble(), org.assertj.core.data.Offset.offset(1e-4f));

        float[] sample = floats(c.get("initial_sample"));
        Iterator<JsonNode> noises = c.get("noise").isNull() ? null : c.get("noise").iterator();
        NoiseSource noise = noises == null ? NoiseSource.none() : out -> {
            float[] next = floats(noises.next());
            System.arraycopy(next, 0, out, 0, out.length);
        };
        double worst = 0;
        float[] modelInput = new float[sample.length];
        float[] modelOutput = new float[sample.length];
        for (int i = 0; i < run.size(); i++) {
            System.arraycopy(sample, 0, modelInput, 0, sample.length);
            run.scaleModelInput(modelInput, i);
            float t = run.timestep(i);
            for (int k = 0; k < sample.length; k++) {
                float x = modelInput[k];
                modelOutput[k] = 0.8f * x * t / (t + 1) + 0.05f * (float) Math.cos(x);
            }
            run.step(i, modelOutput, sample, noise);
            float[] expected = floats(c.get("samples").get(i));
            double diff = maxAbsDiff(sample, expected);
            worst = Math.max(worst, diff);
            assertThat(diff).as("%s step %d", name, i).isLessThan(SAMPLE_TOLERANCE);
        }
        System.out.printf("%-34s %2d steps, max |sample - diffusers| = %.3g%n", name, run.size(), worst);
        if (noises != null) {
            assertThat(noises.hasNext()).as("all recorded noise consumed").isFalse();
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
