package dev.qwenimage.examples.cli;

import dev.qwenimage.GeneratedImage;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.io.NpyArray;
import dev.qwenimage.random.RandomSource;
import dev.qwenimage.runtime.Device;
import dev.qwenimage.runtime.SessionSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: text to image. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate an image from a prompt (the built-in qwen-image-micro model unless --model is given).")
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--prompt", required = true, description = "What to draw.")
    String prompt;

    @Option(names = "--negative-prompt", description = "What to avoid (true CFG). Default: the model's (\" \").")
    String negativePrompt;

    @Option(names = "--no-negative-prompt", description = "No negative prompt: turns true CFG off.")
    boolean noNegativePrompt;

    @Option(names = "--model", paramLabel = "DIR", description = "A Qwen-Image ONNX model folder. Default: built-in qwen-image-micro.")
    Path model;

    @Option(names = "--width", description = "Image width in pixels. Default: the model's.")
    Integer width;

    @Option(names = "--height", description = "Image height in pixels. Default: the model's.")
    Integer height;

    @Option(names = "--steps", description = "Denoising steps. Default: the model's.")
    Integer steps;

    @Option(names = "--guidance", description = "True-CFG scale (active when > 1 with a negative prompt). Default: the model's.")
    Double guidance;

    @Option(names = "--seed", description = "Seed of the initial noise, as torch.Generator(rng).manual_seed(seed). Default: random (printed).")
    Long seed;

    @Option(names = "--rng", defaultValue = "cpu", description = "Which torch generator the seed reproduces: cpu or cuda (default ${DEFAULT-VALUE}).")
    String rng;

    @Option(names = "--batch", defaultValue = "1", description = "Images to generate together (default ${DEFAULT-VALUE}); files get -1, -2... suffixes.")
    int batch;

    @Option(names = "--initial-noise", paramLabel = "FILE.npy", description = "Start from this float32 [B, C, h, w] noise instead of a seed.")
    Path initialNoise;

    @Option(names = "--save-initial-noise", paramLabel = "FILE.npy", description = "Write the initial noise (float32 [B, C, h, w]).")
    Path saveInitialNoise;

    @Option(names = "--save-raw", paramLabel = "FILE.npy", description = "Write the image as float32 [H, W, 3] in [0, 1] before 8-bit rounding.")
    Path saveRaw;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N; append ?fallback to fall back to the CPU (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: one per core).")
    Integer threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--output", required = true, paramLabel = "FILE.png", description = "Where to write the PNG.")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GenerationRequest.Builder b = GenerationRequest.builder().prompt(prompt)
                .randomSource(RandomSource.parse(rng)).batchSize(batch);
        if (noNegativePrompt) {
            b.noNegativePrompt();
        } else if (negativePrompt != null) {
            b.negativePrompt(negativePrompt);
        }
        if (width != null || height != null) {
            if (width == null || height == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give both --width and --height");
            }
            b.size(width, height);
        }
        if (steps != null) {
            b.steps(steps);
        }
        if (guidance != null) {
            b.guidanceScale(guidance);
        }
        if (initialNoise != null) {
            b.initialNoise(NpyArray.read(initialNoise));
            if (seed != null) {
                b.seed(seed);
            }
        } else {
            b.seed(seed != null ? seed : new SecureRandom().nextLong() & 0xFFFFFFFFL);
        }
        ProgressBar progress = quiet ? null : new ProgressBar(err);
        if (progress != null) {
            b.listener(progress);
        }
        SessionSettings.Builder settings = SessionSettings.builder();
        if (threads != null) {
            settings.intraOpThreads(threads);
        }
        try (QwenImageGenerator generator = QwenImageGenerator.builder().modelPath(model)
                .device(Device.parse(device)).sessionSettings(settings.build()).build()) {
            GenerationRequest request = b.build();
            if (saveInitialNoise != null) {
                generator.initialNoise(request).write(saveInitialNoise);
            }
            GenerationResult result = generator.generate(request);
            if (progress != null) {
                progress.finish();
            }
            for (int i = 0; i < result.images().size(); i++) {
                GeneratedImage image = result.images().get(i);
                Path png = numbered(output, i, result.images().size());
                image.save(png);
                if (saveRaw != null) {
                    image.toNpy().write(numbered(saveRaw, i, result.images().size()));
                }
                out.println("wrote " + png + " (" + image.width() + "x" + image.height() + ")");
            }
            var p = result.parameters();
            out.printf("model %s, %d steps, guidance %s%s, seed %s (%s), %.1f s%n", p.model(), p.steps(),
                    p.guidanceScale(), p.trueCfg() ? " (true CFG)" : "", p.seed() == null ? "none" : p.seed(),
                    p.randomSource(), result.elapsed().toMillis() / 1000.0);
            out.flush();
        }
        return 0;
    }

    static Path numbered(Path file, int index, int count) {
        if (count == 1) {
            return file;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot < 0 ? name + "-" + (index + 1) : name.substring(0, dot) + "-" + (index + 1) + name.substring(dot);
        return file.resolveSibling(numbered);
    }
}
