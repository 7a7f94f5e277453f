package dev.qwenimage.benchmarks;

import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.pipeline.DenoisingLoop;
import dev.qwenimage.pipeline.QwenImagePipeline;
import dev.qwenimage.pipeline.RunContext;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.scheduler.NoiseSource;
import dev.qwenimage.scheduler.ScheduleRequest;
import dev.qwenimage.scheduler.SchedulerRun;
import dev.qwenimage.text.PromptEmbedding;
import dev.qwenimage.transformer.TransformerRun;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One real denoising step of the micro model (two transformer runs with true CFG, guidance, Euler step, checks)
 * through the SDK's loop with inputs bound once: run with {@code -prof gc} to see what a step allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MicroModelStepBenchmark {

    private QwenImageGenerator generator;
    private TransformerRun transformer;
    private SchedulerRun schedule;
    private RunContext context;
    private float[] latents;

    /** Prepares the state. */
    @Setup(Level.Trial)
    public void setup() {
        generator = QwenImageGenerator.builder().build();
        QwenImagePipeline pipeline = generator.pipeline();
        LatentGrid grid = pipeline.grid(128, 128);
        context = new RunContext(null);
        PromptEmbedding prompt = pipeline.encodePrompt("a large red circle in the center on a blue background", context);
        PromptEmbedding negative = pipeline.encodePrompt(" ", context);
        transformer = pipeline.bindTransformer(grid, 1, prompt, negative);
        schedule = pipeline.scheduler().newRun(ScheduleRequest.ofSteps(1000).withMu(pipeline.scheduler().mu(grid.tokens())));
        latents = Sizes.gaussian(grid.valuesPerImage(), 7);
    }

    /**
     * One step, at a fixed point of a long schedule, through the SDK's own loop.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] step() {
        DenoisingLoop.run(transformer, schedule, schedule.size() - 1, latents, 4f, NoiseSource.none(), List.of(),
                List.of(), context);
        return latents;
    }

    /** Releases the state. */
    @TearDown(Level.Trial)
    public void close() {
        transformer.close();
        context.close();
        generator.close();
    }
}
