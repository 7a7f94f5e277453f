package dev.qwenimage.examples.cli;

import dev.qwenimage.GeneratedImage;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.io.NpyArray;
import dev.qwenimage.random.RandomSource;
import dev.qwenimage.runtime.Device;
import dev.qwenimage.runtime.SessionSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options {@code generate} and {@code edit} share, and how they become a generator, a request and files. */
final class GenerationOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--prompt", required = true, description = "What to draw.")
    String prompt;

    @Option(names = "--negative-prompt", description = "What to avoid (true CFG). Default: the model's (\" \").")
    String negativePrompt;

    @Option(names = "--no-negative-prompt", description = "No negative prompt: turns true CFG off.")
    boolean noNegativePrompt;

    @Option(names = "--model", paramLabel = "DIR", description = "A Qwen-Image ONNX model folder. Default: built-in qwen-image-micro.")
    Path model;

    @Option(names = "--width", description = "Image width in pixels. Default: the model's (edit: the source's).")
    Integer width;

    @Option(names = "--height", description = "Image height in pixels. Default: the model's (edit: the source's).")
    Integer height;

    @Option(names = "--steps", description = "Denoising steps. Default: the model's.")
    Integer steps;

    @Option(names = "--guidance", description = "True-CFG scale (active when > 1 with a negative prompt). Default: the model's.")
    Double guidance;

    @Option(names = "--seed", description = "Seed of the noise, as torch.Generator(rng).manual_seed(seed). Default: random (printed).")
    Long seed;

    @Option(names = "--rng", defaultValue = "cpu", description = "Which torch generator the seed reproduces: cpu or cuda (default ${DEFAULT-VALUE}).")
    String rng;

    @Option(names = "--batch", defaultValue = "1", description = "Images to generate together (default ${DEFAULT-VALUE}); files get -1, -2... suffixes.")
    int batch;

    @Option(names = "--initial-noise", paramLabel = "FILE.npy", description = "Use this float32 [B, C, h, w] noise instead of a seed (edit: the noise added to the source latents).")
    Path initialNoise;

    @Option(names = "--save-initial-noise", paramLabel = "FILE.npy", description = "Write the noise used (float32 [B, C, h, w]).")
    Path saveInitialNoise;

    @Option(names = "--save-raw", paramLabel = "FILE.npy", description = "Write the image as float32 [H, W, 3] in [0, 1] before 8-bit rounding.")
    Path saveRaw;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N; append ?fallback to fall back to the CPU (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: one per core).")
    Integer threads;

    @Option(names = "--preview-every", paramLabel = "N", description = "Write a latent preview every N steps (needs --preview-dir).")
    Integer previewEvery;

    @Option(names = "--preview-dir", paramLabel = "DIR", description = "Where previews go: preview-step<NN>[-<image>].png, upscaled to the image size.")
    Path previewDir;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--output", required = true, paramLabel = "FILE.png", description = "Where to write the PNG.")
    Path output;

    private ProgressBar progress;

    /** @return the generator these options ask for */
    QwenImageGenerator generator() {
        SessionSettings.Builder settings = SessionSettings.builder();
        if (threads != null) {
            settings.intraOpThreads(threads);
        }
        return QwenImageGenerator.builder().modelPath(model).device(Device.parse(device))
                .sessionSettings(settings.build()).build();
    }

    /** @return the request these options describe (size only if given) */
    GenerationRequest request() throws IOException {
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
        if (!quiet) {
            progress = new ProgressBar(spec.commandLine().getErr());
            b.listener(progress);
        }
        if ((previewEvery == null) != (previewDir == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --preview-every and --preview-dir together");
        }
        if (previewEvery != null) {
            java.nio.file.Files.createDirectories(previewDir);
            b.previews(previewEvery, (step, total, previews) -> {
                for (int i = 0; i < previews.size(); i++) {
                    String name = String.format("preview-step%02d%s.png", step, previews.size() > 1 ? "-" + (i + 1) : "");
                    try {
                        javax.imageio.ImageIO.write(upscale(previews.get(i).toBufferedImage(), 8), "png",
                                previewDir.resolve(name).toFile());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
        }
        return b.build();
    }

    /** Writes the images (and raw values) and prints what was done. */
    void write(GenerationResult result) throws IOException {
        if (progress != null) {
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        int n = result.images().size();
        for (int i = 0; i < n; i++) {
            GeneratedImage image = result.images().get(i);
            Path png = numbered(output, i, n);
            image.save(png);
            if (saveRaw != null) {
                image.toNpy().write(numbered(saveRaw, i, n));
            }
            out.println("wrote " + png + " (" + image.width() + "x" + image.height() + ")");
        }
        var p = result.parameters();
        out.printf("model %s, %d steps, guidance %s%s, seed %s (%s), %.1f s%n", p.model(), p.steps(),
                p.guidanceScale(), p.trueCfg() ? " (true CFG)" : "", p.seed() == null ? "none" : p.seed(),
                p.randomSource(), result.elapsed().toMillis() / 1000.0);
        out.flush();
    }

    /** Nearest-neighbour upscaling, so a latent-resolution preview is viewable. */
    static java.awt.image.BufferedImage upscale(java.awt.image.BufferedImage small, int factor) {
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(small.getWidth() * factor,
                small.getHeight() * factor, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < big.getHeight(); y++) {
            for (int x = 0; x < big.getWidth(); x++) {
                big.setRGB(x, y, small.getRGB(x / factor, y / factor));
            }
        }
        return big;
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
