package dev.qwenimage.benchmarks;

import dev.qwenimage.guidance.TrueClassifierFreeGuidance;
import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.latent.LatentPacker;
import dev.qwenimage.pipeline.NonFiniteValueException;
import dev.qwenimage.scheduler.FlowMatchEulerDiscreteScheduler;
import dev.qwenimage.scheduler.NoiseSource;
import dev.qwenimage.scheduler.ScheduleRequest;
import dev.qwenimage.scheduler.SchedulerConfig;
import dev.qwenimage.scheduler.SchedulerRun;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java work of one denoising step at 4096 × 64, everything the loop does besides the network: true CFG with the
 * norm rescale, the NaN checks, the flow-matching Euler step; plus unpacking (done once per generation, measured
 * here as if per step for the target "guidance + scheduler step + unpack under 1 ms").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JavaSideStepBenchmark {

    private float[] cond;
    private float[] uncond;
    private float[] latents;
    private float[] unpacked;
    private SchedulerRun run;
    private LatentGrid grid;
    private int step;

    /** Prepares the state. */
    @Setup
    public void setup() {
        cond = Sizes.gaussian(Sizes.VALUES, 1);
        uncond = Sizes.gaussian(Sizes.VALUES, 2);
        latents = Sizes.gaussian(Sizes.VALUES, 3);
        unpacked = new float[Sizes.VALUES];
        grid = new LatentGrid(Sizes.CHANNELS, Sizes.LATENT_SIDE, Sizes.LATENT_SIDE, 8);
        FlowMatchEulerDiscreteScheduler s = new FlowMatchEulerDiscreteScheduler(SchedulerConfig.parse(
                "{\"use_dynamic_shifting\": true, \"shift_terminal\": 0.02}", "benchmark"));
        run = s.newRun(ScheduleRequest.ofSteps(1000).withMu(s.mu(Sizes.TOKENS)));
    }

    /**
     * Measures {@code guidance}.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] guidance() {
        TrueClassifierFreeGuidance.apply(cond, uncond, 4f, Sizes.TOKENS, Sizes.TOKEN_DIM);
        return cond;
    }

    /**
     * Measures {@code flowStep}.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] flowStep() {
        run.step(step++ % run.size(), cond, latents, NoiseSource.none());
        return latents;
    }

    /**
     * Measures {@code unpack}.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] unpack() {
        LatentPacker.unpack(latents, 1, grid, unpacked);
        return unpacked;
    }

    /**
     * Measures {@code pack}.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] pack() {
        LatentPacker.pack(unpacked, 1, grid, latents);
        return latents;
    }

    /**
     * Everything the loop does per step besides the network (guidance, whose norms double as the NaN check, and the
     * Euler step), plus an unpack.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] guidanceStepAndUnpack() {
        if (!TrueClassifierFreeGuidance.apply(cond, uncond, 4f, Sizes.TOKENS, Sizes.TOKEN_DIM)) {
            throw new IllegalStateException("non-finite");
        }
        run.step(step++ % run.size(), cond, latents, NoiseSource.none());
        LatentPacker.unpack(latents, 1, grid, unpacked);
        return unpacked;
    }

    /**
     * The full scan the loop uses for unguided predictions and the final latents.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public boolean finiteScan() {
        return NonFiniteValueException.isFinite(latents);
    }
}
