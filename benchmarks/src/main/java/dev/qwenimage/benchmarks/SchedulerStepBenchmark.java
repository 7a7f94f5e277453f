package dev.qwenimage.benchmarks;

import dev.qwenimage.scheduler.ScheduleRequest;
import dev.qwenimage.scheduler.Scheduler;
import dev.qwenimage.scheduler.SchedulerConfig;
import dev.qwenimage.scheduler.SchedulerRun;
import dev.qwenimage.scheduler.Schedulers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One scheduler step on 4096 × 64 values (a 1024×1024 Qwen-Image latent). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SchedulerStepBenchmark {

    /** The benchmark parameter. */
    @Param({"FlowMatchEulerDiscreteScheduler", "DDPMScheduler", "DDIMScheduler", "EulerDiscreteScheduler",
            "DPMSolverMultistepScheduler"})
    public String scheduler;

    private Scheduler instance;
    private SchedulerRun run;
    private float[] sample;
    private float[] output;
    private float[] noise;
    private int step;

    /** Prepares the state. */
    @Setup
    public void setup() {
        String json = "{\"_class_name\": \"" + scheduler + "\", \"beta_schedule\": \"scaled_linear\", "
                + "\"beta_start\": 0.00085, \"beta_end\": 0.012, \"shift\": 3.0}";
        instance = Schedulers.fromConfig(SchedulerConfig.parse(json, "benchmark"));
        run = instance.newRun(ScheduleRequest.ofSteps(1000));
        sample = Sizes.gaussian(Sizes.VALUES, 1);
        output = Sizes.gaussian(Sizes.VALUES, 2);
        noise = Sizes.gaussian(Sizes.VALUES, 3);
        step = 0;
    }

    /**
     * Measures {@code step}.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] step() {
        if (step == run.size()) {
            run = instance.newRun(ScheduleRequest.ofSteps(1000));
            step = 0;
        }
        run.step(step++, output, sample, out -> System.arraycopy(noise, 0, out, 0, out.length));
        return sample;
    }
}
