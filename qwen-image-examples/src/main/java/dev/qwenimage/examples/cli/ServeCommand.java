package dev.qwenimage.examples.cli;

import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.examples.server.ImageServer;
import dev.qwenimage.runtime.Device;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the HTTP image service. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the OpenAI Images API (POST /v1/images/generations), POST /generate-image, /images/ and /health.")
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--model", paramLabel = "DIR", description = "A Qwen-Image ONNX model folder. Default: built-in qwen-image-micro.")
    Path model;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N[?fallback] (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--workers", defaultValue = "1", description = "Generations run at once (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--queue", defaultValue = "8", description = "Generations waiting at most; more get HTTP 429 (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--images-dir", defaultValue = "qwen-image-output", description = "Where generated images are kept and served from (default ${DEFAULT-VALUE}).")
    Path imagesDir;

    @Option(names = "--max-steps", defaultValue = "200", description = "The most steps a request may ask for (default ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--timeout-seconds", defaultValue = "600", description = "Cancel a generation after this long (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        QwenImageGenerator generator = QwenImageGenerator.builder().modelPath(model).device(Device.parse(device)).build();
        ImageServer server = new ImageServer(generator, new ImageServer.Config(port, workers, queue, imagesDir, 4,
                maxSteps, Duration.ofSeconds(timeoutSeconds), null));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            generator.close();
            stopped.countDown();
        }, "qwen-image-shutdown"));
        spec.commandLine().getOut().printf("serving %s on http://localhost:%d (POST /v1/images/generations, "
                + "POST /generate-image, GET /health); Ctrl-C stops%n", generator.modelName(), server.port());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
