package dev.qwenimage.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qwenimage.GeneratedImage;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP service, running for real on a loopback port, driven with the JDK's HttpClient. */
class ImageServerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path images;

    static QwenImageGenerator generator;
    static ImageServer server;

    @BeforeAll
    static void start() throws IOException {
        generator = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
        // One worker and no waiting room, so a second request while one runs is refused with 429.
        server = new ImageServer(generator, new ImageServer.Config(0, 1, 0, images, 4, 5000, Duration.ofMinutes(2),
                prompt -> prompt + ", highly detailed"));
    }

    @AfterAll
    static void stop() {
        server.close();
        generator.close();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static BufferedImage decode(String base64) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    @Test
    void health() throws Exception {
        HttpResponse<byte[]> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("model").asText()).isEqualTo("qwen-image-tiny");
        assertThat(body.at("/queue/workers").asInt()).isEqualTo(1);
    }

    @Test
    void openAiImagesApi() throws Exception {
        HttpResponse<String> r = post("/v1/images/generations", "{\"model\": \"qwen-image\", \"prompt\": \"a red fox\", "
                + "\"n\": 2, \"size\": \"32x64\", \"response_format\": \"b64_json\", \"seed\": 42, \"steps\": 3, "
                + "\"guidance\": 4, \"negative_prompt\": \"blurry\", \"quality\": \"standard\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.get("data")).hasSize(2);
        BufferedImage first = decode(body.get("data").get(0).get("b64_json").asText());
        assertThat(first.getWidth()).isEqualTo(32);
        assertThat(first.getHeight()).isEqualTo(64);
        assertThat(body.get("data").get(0).get("revised_prompt").asText()).isEqualTo("a red fox");

        HttpResponse<String> url = post("/v1/images/generations", "{\"prompt\": \"a red fox\", \"size\": \"32x32\", "
                + "\"response_format\": \"url\", \"steps\": 2}");
        assertThat(url.statusCode()).as(url.body()).isEqualTo(200);
        String link = JSON.readTree(url.body()).get("data").get(0).get("url").asText();
        HttpResponse<byte[]> png = get(link);
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
    }

    @Test
    void generateImageEndpointWithStyleEnhancerAndMetadata() throws Exception {
        HttpResponse<String> r = post("/generate-image", "{\"prompt\": \"a crane\", \"width\": 32, \"height\": 32, "
                + "\"steps\": 2, \"seed\": 9, \"style\": \"watercolor\", \"enhance\": true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("enhanced_prompt").asText()).startsWith("watercolor painting of a crane, highly detailed");
        assertThat(decode(body.get("image_base64").asText()).getWidth()).isEqualTo(32);
        String url = body.get("image_url").asText();
        assertThat(url).matches("/images/[0-9a-f-]+\\.png");
        Path saved = images.resolve(url.substring("/images/".length()));
        assertThat(GeneratedImage.readParameters(saved).orElseThrow().seed()).isEqualTo(9L);
        assertThat(get(url).body()).isEqualTo(Files.readAllBytes(saved));
    }

    @Test
    void invalidRequestsGet400WithAJsonError() throws Exception {
        String[][] cases = {
            {"{}", "prompt"},
            {"{\"prompt\": \"\"}", "prompt"},
            {"{\"prompt\": \"x\", \"size\": \"12x\"}", "size"},
            {"{\"prompt\": \"x\", \"n\": 0}", "n"},
            {"{\"prompt\": \"x\", \"n\": 99}", "n"},
            {"{\"prompt\": \"x\", \"response_format\": \"gif\"}", "response_format"},
            {"{\"prompt\": \"x\", \"steps\": -1}", "steps"},
            {"{\"prompt\": \"x\", \"seed\": \"abc\"}", "seed"},
            {"{\"prompt\": \"x\", \"size\": \"36x32\"}", null},
            {"{\"prompt\": \"x\", \"guidance\": -2}", null},
            {"{\"prompt\": ", null},
            {"[1, 2]", null},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = post("/v1/images/generations", c[0]);
            assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("message").asText()).isNotBlank();
            if (c[1] != null) {
                assertThat(error.get("param").asText()).isEqualTo(c[1]);
            }
        }
        assertThat(post("/generate-image", "{\"prompt\": \"x\", \"style\": \"vaporwave\"}").body()).contains("unknown style");
    }

    @Test
    void unknownPathsAndWrongMethods() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/images/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(get("/v1/images/generations").statusCode()).isEqualTo(405);
        assertThat(post("/health", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void aFullQueueAnswers429() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/v1/images/generations", "{\"prompt\": \"slow\", \"size\": \"64x64\", \"steps\": 3000}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.currentTimeMillis() + 30_000;
        while (JSON.readTree(get("/health").body()).at("/queue/running").asInt() == 0) {
            assertThat(System.currentTimeMillis()).as("the slow generation started").isLessThan(deadline);
            Thread.sleep(20);
        }
        HttpResponse<String> refused = post("/v1/images/generations", "{\"prompt\": \"x\", \"size\": \"32x32\", \"steps\": 2}");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).at("/error/type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(slow.get().statusCode()).isEqualTo(200);
    }
}
