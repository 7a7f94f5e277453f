package dev.qwenimage.examples.cli;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.QwenImageGenerator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code generate}: text to image. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate an image from a prompt (the built-in qwen-image-micro model unless --model is given).")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    GenerationOptions options;

    @Override
    public Integer call() throws Exception {
        try (QwenImageGenerator generator = options.generator()) {
            GenerationRequest request = options.request();
            if (options.saveInitialNoise != null) {
                generator.initialNoise(request).write(options.saveInitialNoise);
            }
            options.write(generator.generate(request));
        }
        return 0;
    }
}
