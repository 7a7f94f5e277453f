package dev.qwenimage.benchmarks;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.runtime.SessionSettings;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole generation with the built-in micro model (128×128, 20 steps, true CFG: 40 transformer runs), under several
 * ONNX Runtime session settings. At the end of each trial it prints where the time went: inside ONNX Runtime (per
 * network) and the SDK's own share.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class EndToEndBenchmark {

    /** The benchmark parameter. */
    @Param({"default", "threads=1", "threads=2", "optimization=basic", "arena=off"})
    public String settings;

    private QwenImageGenerator generator;
    private GenerationRequest request;
    private long count;
    private long totalNanos;
    private long networkNanos;
    private long transformerNanos;

    /** Prepares the state. */
    @Setup(Level.Trial)
    public void setup() {
        SessionSettings.Builder b = SessionSettings.builder();
        switch (settings) {
            case "threads=1":
                b.intraOpThreads(1);
                break;
            case "threads=2":
                b.intraOpThreads(2);
                break;
            case "optimization=basic":
                b.optimization(SessionSettings.GraphOptimization.BASIC);
                break;
            case "arena=off":
                b.cpuMemoryArena(false);
                break;
            default:
        }
        generator = QwenImageGenerator.builder().sessionSettings(b.build()).build();
        request = GenerationRequest.builder().prompt("a large red circle in the center on a blue background")
                .seed(0).steps(20).guidanceScale(4).negativePrompt(" ").size(128, 128).build();
    }

    /**
     * Measures {@code generate}.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public GenerationResult generate() {
        GenerationResult r = generator.generate(request);
        count++;
        totalNanos += r.timings().total().toNanos();
        networkNanos += r.timings().networks().toNanos();
        transformerNanos += r.timings().transformer().toNanos();
        return r;
    }

    /** Releases the state. */
    @TearDown(Level.Trial)
    public void report() {
        double total = totalNanos / 1e6 / count;
        double networks = networkNanos / 1e6 / count;
        double transformer = transformerNanos / 1e6 / count;
        System.out.printf("%n[%s] per generation: total %.1f ms, inside ONNX Runtime %.1f ms (%.1f%%; transformer "
                + "%.1f ms = %.2f ms per step), SDK's own work %.1f ms (%.1f%%)%n", settings, total, networks,
                100 * networks / total, transformer, transformer / 20, total - networks, 100 * (total - networks) / total);
        generator.close();
    }
}
