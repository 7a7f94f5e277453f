package dev.qwenimage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qwenimage.io.NpyArray;
import dev.qwenimage.model.BuiltInModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The vendored diffusers fixtures: the tiny random-weight Qwen-Image and what diffusers computed with it. Shared with
 * the editing and examples modules through core's test-jar, so everything is read from the class path.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** @return the tiny fixture model as a folder on disk */
    public static Path tinyModel() {
        return BuiltInModels.fromClasspath(Fixtures.class, "/fixtures/qwen-image-tiny/");
    }

    /**
     * @param resource a class-path resource path
     * @return its JSON
     */
    public static JsonNode json(String resource) {
        try (InputStream in = open(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param resource a class-path resource path
     * @return its npy array
     */
    public static NpyArray npy(String resource) {
        try (InputStream in = open(resource)) {
            return NpyArray.read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param resource a class-path resource path
     * @return true if it exists
     */
    public static boolean exists(String resource) {
        return Fixtures.class.getResource(resource) != null;
    }

    /**
     * @param resource a class-path resource path
     * @return the open stream
     */
    public static InputStream open(String resource) {
        InputStream in = Fixtures.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("missing test resource " + resource);
        }
        return in;
    }

    /**
     * @param a values
     * @param b values of the same length
     * @return max |a − b|
     */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
