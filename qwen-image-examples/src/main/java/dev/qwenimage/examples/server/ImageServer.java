package dev.qwenimage.examples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.qwenimage.GeneratedImage;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.prompt.PromptEnhancer;
import dev.qwenimage.prompt.StylePresets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image service over one shared {@link QwenImageGenerator}, on the JDK's HTTP server.
 *
 * <ul>
 *   <li>{@code POST /v1/images/generations}: the OpenAI Images API ({@code prompt}, {@code n}, {@code size} "WxH",
 *       {@code response_format} {@code b64_json} or {@code url}; extra fields {@code negative_prompt}, {@code seed},
 *       {@code steps}, {@code guidance}), so OpenAI SDKs, LangChain and Dify can use it as an image provider.</li>
 *   <li>{@code POST /generate-image}: {@code {prompt, negative_prompt?, width?, height?, steps?, guidance?, seed?,
 *       style?, enhance?}} answering {@code {success, image_base64, image_url, enhanced_prompt}}.</li>
 *   <li>{@code GET /images/NAME.png}: the generated files; {@code GET /health}: status and queue.</li>
 * </ul>
 * Generations run on a fixed number of workers behind a bounded queue: when it is full the service answers 429 at
 * once. Invalid requests get 400 with an OpenAI-style JSON error body. {@link #close()} stops the server and waits
 * for running generations; the generator stays the caller's.
 */
public final class ImageServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final Pattern IMAGE_NAME = Pattern.compile("/images/([a-zA-Z0-9-]{1,64}\\.png)");
    private static final int MAX_BODY = 1 << 20;

    /**
     * How the service runs.
     *
     * @param port the TCP port, 0 for any free one
     * @param workers generations run at once
     * @param queueCapacity generations waiting at most before 429
     * @param imagesDir where generated files are kept and served from
     * @param maxImagesPerRequest the largest {@code n}
     * @param maxSteps the most steps a request may ask for
     * @param requestTimeout how long a generation may take before it is cancelled
     * @param enhancer the prompt rewriter for {@code enhance: true}
     */
    public record Config(int port, int workers, int queueCapacity, Path imagesDir, int maxImagesPerRequest,
            int maxSteps, Duration requestTimeout, PromptEnhancer enhancer) {

        /**
         * Creates the value, checking it.
         *
         * @param port the TCP port, 0 for any free one
         * @param workers generations run at once
         * @param queueCapacity generations waiting at most before 429
         * @param imagesDir where generated files are kept and served from
         * @param maxImagesPerRequest the largest n
         * @param maxSteps the most steps a request may ask for
         * @param requestTimeout how long a generation may take before it is cancelled
         * @param enhancer the prompt rewriter for enhance: true, or null for none
         */
        public Config {
            if (port < 0 || port > 65535 || workers < 1 || queueCapacity < 0 || maxImagesPerRequest < 1 || maxSteps < 1) {
                throw new IllegalArgumentException("invalid server config: port " + port + ", workers " + workers
                        + ", queue " + queueCapacity);
            }
            Objects.requireNonNull(imagesDir, "imagesDir");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            enhancer = enhancer == null ? PromptEnhancer.identity() : enhancer;
        }

        /**
         * @param port the port
         * @param imagesDir where images go
         * @return one worker, 8 waiting, n up to 4, 200 steps at most, 10-minute timeout, no prompt enhancer
         */
        public static Config defaults(int port, Path imagesDir) {
            return new Config(port, 1, 8, imagesDir, 4, 200, Duration.ofMinutes(10), null);
        }
    }

    private final QwenImageGenerator generator;
    private final Config config;
    private final HttpServer server;
    private final ThreadPoolExecutor generations;
    private final ExecutorService handlers;
    private final StylePresets presets = StylePresets.builtIn();

    /**
     * Starts the service.
     *
     * @param generator the generator (shared by all requests; the caller closes it after the server)
     * @param config the configuration
     * @throws IOException if the port cannot be bound or the images folder created
     */
    public ImageServer(QwenImageGenerator generator, Config config) throws IOException {
        this.generator = generator;
        this.config = config;
        Files.createDirectories(config.imagesDir());
        this.generations = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
                config.queueCapacity() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new LinkedBlockingQueue<>(config.queueCapacity()),
                r -> {
                    Thread t = new Thread(r, "qwen-image-generation");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.handlers = Executors.newFixedThreadPool(Math.max(8, 2 * (config.workers() + config.queueCapacity())), r -> {
            Thread t = new Thread(r, "qwen-image-http");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(config.port()), 64);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("serving {} on port {}", generator.modelName(), port());
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                if (path.equals("/health")) {
                    require(method, "GET");
                    sendJson(exchange, 200, health());
                } else if (path.equals("/v1/images/generations")) {
                    require(method, "POST");
                    sendJson(exchange, 200, openAiGenerations(readJson(exchange)));
                } else if (path.equals("/generate-image")) {
                    require(method, "POST");
                    sendJson(exchange, 200, generateImage(readJson(exchange)));
                } else if (path.startsWith("/images/")) {
                    require(method, "GET");
                    serveImage(exchange, path);
                } else {
                    throw new ApiException(404, "not_found", null, "no endpoint " + path);
                }
            } catch (ApiException e) {
                sendError(exchange, e.status, e.type, e.param, e.getMessage());
            } catch (IllegalArgumentException e) {
                sendError(exchange, 400, "invalid_request_error", null, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("request {} {} failed", method, path, e);
                sendError(exchange, 500, "server_error", null, "generation failed: " + e.getMessage());
            }
        }
    }

    private static void require(String method, String expected) {
        if (!method.equals(expected)) {
            throw new ApiException(405, "method_not_allowed", null, "use " + expected);
        }
    }

    private ObjectNode health() {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", "ok");
        n.put("model", generator.modelName());
        ObjectNode queue = n.putObject("queue");
        queue.put("running", generations.getActiveCount());
        queue.put("waiting", generations.getQueue().size());
        queue.put("capacity", config.queueCapacity());
        queue.put("workers", config.workers());
        return n;
    }

    private ObjectNode openAiGenerations(JsonNode body) {
        String prompt = requiredPrompt(body);
        int n = intField(body, "n", 1, 1, config.maxImagesPerRequest());
        String format = textField(body, "response_format", "b64_json");
        if (!format.equals("b64_json") && !format.equals("url")) {
            throw ApiException.invalid("response_format", "response_format must be b64_json or url, got '" + format + "'");
        }
        GenerationRequest.Builder request = common(body, prompt).batchSize(n);
        if (body.hasNonNull("size")) {
            String size = body.get("size").asText();
            var m = SIZE.matcher(size);
            if (!m.matches()) {
                throw ApiException.invalid("size", "size must be \"WIDTHxHEIGHT\", for example \"128x128\", got '" + size + "'");
            }
            request.size(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        GenerationResult result = run(request.build());
        ObjectNode out = JSON.createObjectNode();
        out.put("created", System.currentTimeMillis() / 1000);
        ArrayNode data = out.putArray("data");
        for (GeneratedImage image : result.images()) {
            ObjectNode item = data.addObject();
            if (format.equals("url")) {
                item.put("url", "/images/" + save(image));
            } else {
                item.put("b64_json", Base64.getEncoder().encodeToString(png(image)));
            }
            item.put("revised_prompt", prompt);
            item.put("seed", result.parameters().seed());
        }
        return out;
    }

    private ObjectNode generateImage(JsonNode body) {
        String prompt = requiredPrompt(body);
        String enhanced = prompt;
        if (body.path("enhance").asBoolean(false)) {
            try {
                enhanced = config.enhancer().enhance(prompt);
            } catch (Exception e) {
                LOG.warn("prompt enhancer failed; using the prompt as given: {}", e.toString());
            }
        }
        GenerationRequest.Builder request = common(body, enhanced);
        if (body.hasNonNull("width") || body.hasNonNull("height")) {
            request.size(intField(body, "width", 0, 1, 16384), intField(body, "height", 0, 1, 16384));
        }
        GenerationRequest built = request.build();
        if (body.hasNonNull("style")) {
            built = presets.find(body.get("style").asText())
                    .orElseThrow(() -> ApiException.invalid("style", "unknown style '" + body.get("style").asText()
                            + "'; known: " + presets.names()))
                    .applyTo(built);
        }
        GenerationResult result = run(built);
        GeneratedImage image = result.image();
        ObjectNode out = JSON.createObjectNode();
        out.put("success", true);
        out.put("image_base64", Base64.getEncoder().encodeToString(png(image)));
        out.put("image_url", "/images/" + save(image));
        out.put("enhanced_prompt", built.prompt());
        out.put("seed", result.parameters().seed());
        return out;
    }

    private GenerationRequest.Builder common(JsonNode body, String prompt) {
        GenerationRequest.Builder b = GenerationRequest.builder().prompt(prompt).timeout(config.requestTimeout());
        if (body.has("negative_prompt")) {
            b.negativePrompt(body.get("negative_prompt").isNull() ? null : body.get("negative_prompt").asText());
        }
        if (body.hasNonNull("seed")) {
            if (!body.get("seed").canConvertToLong()) {
                throw ApiException.invalid("seed", "seed must be an integer");
            }
            b.seed(body.get("seed").asLong());
        } else {
            b.seed(new java.security.SecureRandom().nextLong() & 0xFFFFFFFFL);
        }
        if (body.hasNonNull("steps")) {
            b.steps(intField(body, "steps", 0, 1, config.maxSteps()));
        }
        if (body.hasNonNull("guidance")) {
            JsonNode g = body.get("guidance");
            if (!g.isNumber()) {
                throw ApiException.invalid("guidance", "guidance must be a number");
            }
            b.guidanceScale(g.asDouble());
        }
        return b;
    }

    private GenerationResult run(GenerationRequest request) {
        Future<GenerationResult> future;
        try {
            future = generations.submit(() -> generator.generate(request));
        } catch (RejectedExecutionException e) {
            throw new ApiException(429, "rate_limit_exceeded", null, "the generation queue is full ("
                    + config.workers() + " running, " + config.queueCapacity() + " waiting); retry later");
        }
        try {
            return future.get(config.requestTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw ApiException.invalid(null, cause.getMessage());
            }
            if (cause instanceof java.util.concurrent.CancellationException) {
                throw new ApiException(503, "timeout", null, "the generation was cancelled: " + cause.getMessage());
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ApiException(503, "timeout", null, "the generation took too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", null, "the server is shutting down");
        }
    }

    private static String requiredPrompt(JsonNode body) {
        JsonNode p = body.get("prompt");
        if (p == null || !p.isTextual() || p.asText().isBlank()) {
            throw ApiException.invalid("prompt", "prompt is required and must be a non-empty string");
        }
        if (p.asText().length() > 100_000) {
            throw ApiException.invalid("prompt", "prompt is longer than 100000 characters");
        }
        return p.asText();
    }

    private static int intField(JsonNode body, String name, int fallback, int min, int max) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw ApiException.invalid(name, name + " must be an integer from " + min + " to " + max + ", got " + v);
        }
        return v.asInt();
    }

    private static String textField(JsonNode body, String name, String fallback) {
        JsonNode v = body.get(name);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, "invalid_request_error", null, "request body over 1 MiB");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw ApiException.invalid(null, "malformed JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalid(null, "the body must be a JSON object");
        }
        return node;
    }

    private static byte[] png(GeneratedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            image.writePng(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private String save(GeneratedImage image) {
        String name = UUID.randomUUID() + ".png";
        try {
            image.save(config.imagesDir().resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return name;
    }

    private void serveImage(HttpExchange exchange, String path) throws IOException {
        var m = IMAGE_NAME.matcher(path);
        Path file = m.matches() ? config.imagesDir().resolve(m.group(1)) : null;
        if (file == null || !Files.isRegularFile(file)) {
            throw new ApiException(404, "not_found", null, "no image " + path);
        }
        byte[] bytes = Files.readAllBytes(file);
        exchange.getResponseHeaders().set("Content-Type", "image/png");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendError(HttpExchange exchange, int status, String type, String param, String message)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.putNull("code");
        root.put("success", false);
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", "5");
        }
        sendJson(exchange, status, root);
    }

    /** Stops accepting requests, waits up to 30 s for running generations, and releases the threads. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        generations.shutdown();
        try {
            if (!generations.awaitTermination(30, TimeUnit.SECONDS)) {
                generations.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            generations.shutdownNow();
        }
        handlers.shutdownNow();
    }
}
