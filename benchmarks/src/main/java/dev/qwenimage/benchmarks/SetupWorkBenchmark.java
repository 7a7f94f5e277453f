package dev.qwenimage.benchmarks;

import dev.qwenimage.model.BuiltInModels;
import dev.qwenimage.random.TorchCpuGenerator;
import dev.qwenimage.random.TorchCudaGenerator;
import dev.qwenimage.text.QwenTokenizer;
import dev.qwenimage.transformer.RotaryAngles;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Per-generation Java work: rotary tables, torch-compatible noise, tokenization of a long prompt. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SetupWorkBenchmark {

    private final RotaryAngles rotary = new RotaryAngles(new int[] {16, 56, 56}, 10000);
    private final float[] noise = new float[16 * 128 * 128];
    private QwenTokenizer tokenizer;
    private String prompt;

    /** Prepares the state. */
    @Setup
    public void setup() {
        tokenizer = QwenTokenizer.load(BuiltInModels.micro().resolve("tokenizer/tokenizer.json"));
        String[] words = ("a large red circle in the center on a blue background with soft light and fine texture "
                + "中文 提示 词 cinematic lighting, 4k, detailed").split(" ");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append(words[i % words.length]).append(' ');
        }
        prompt = sb.toString();
    }

    /** Releases the state. */
    @TearDown
    public void close() {
        tokenizer.close();
    }

    /**
     * img_rope of a 1024×1024 image (64 × 64 tokens) and txt_rope of 512 text tokens, Qwen-Image's axes.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] rotaryTables() {
        float[] img = rotary.image(64, 64);
        float[] txt = rotary.text(512, 64, 64);
        return img.length > txt.length ? img : txt;
    }

    /**
     * torch.randn([1, 16, 128, 128], generator=torch.Generator("cpu")).
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] torchCpuNoise() {
        new TorchCpuGenerator(42).randn(noise);
        return noise;
    }

    /**
     * torch.randn([1, 16, 128, 128], generator=torch.Generator("cuda")), computed on the CPU.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public float[] torchCudaNoise() {
        new TorchCudaGenerator(42).randn(noise);
        return noise;
    }

    /**
     * A 200-word prompt in Qwen-Image's template.
     *
     * @return the result, consumed by JMH
     */
    @Benchmark
    public long[] tokenize200Words() {
        return tokenizer.encode(prompt);
    }
}
