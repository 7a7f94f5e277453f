package dev.qwenimage.scheduler;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A diffusers {@code scheduler_config.json}, read leniently the way diffusers reads it: unknown keys are ignored,
 * missing keys take the class's default, {@code null} means "unset". Values of the wrong type or outside what the
 * ports support are rejected with a message that names the key, the value and what is accepted. Immutable.
 */
public final class SchedulerConfig {

    /** Python's json module writes Infinity and NaN (diffusers' DPM-Solver configs hold -Infinity). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final ObjectNode node;
    private final String source;

    private SchedulerConfig(ObjectNode node, String source) {
        this.node = node;
        this.source = source;
    }

    /**
     * Reads a config file.
     *
     * @param file the {@code scheduler_config.json}
     * @return the config
     * @throws IllegalArgumentException if the file is missing or is not a JSON object
     */
    public static SchedulerConfig read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("scheduler config not found: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read scheduler config " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a config from JSON text.
     *
     * @param json the JSON object
     * @param source where it came from, for error messages
     * @return the config
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static SchedulerConfig parse(String json, String source) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        return of(tree, source);
    }

    /**
     * Wraps an already parsed JSON object.
     *
     * @param tree the JSON object
     * @param source where it came from, for error messages
     * @return the config
     */
    public static SchedulerConfig of(JsonNode tree, String source) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(source + " must hold a JSON object");
        }
        return new SchedulerConfig(((ObjectNode) tree).deepCopy(), source);
    }

    /** @return where this config was read from */
    public String source() {
        return source;
    }

    /** @return the {@code _class_name}, or {@code null} if absent */
    public String className() {
        JsonNode n = node.get("_class_name");
        return n == null || n.isNull() ? null : n.asText();
    }

    /** @return a copy of the JSON object */
    public ObjectNode json() {
        return node.deepCopy();
    }

    /**
     * @param key the key
     * @return true if the key is present with a non-null value
     */
    public boolean isSet(String key) {
        JsonNode n = node.get(key);
        return n != null && !n.isNull();
    }

    /**
     * @param key the key
     * @param fallback the default when absent or null
     * @return the number
     */
    public double getDouble(String key, double fallback) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (n.isTextual() && (n.asText().equals("-inf") || n.asText().equals("-Infinity"))) {
            return Double.NEGATIVE_INFINITY;
        }
        if (!n.isNumber()) {
            throw invalid(key, n, "a number");
        }
        return n.asDouble();
    }

    /**
     * @param key the key
     * @return the number, or {@code null} when absent or null
     */
    public Double getOptionalDouble(String key) {
        return isSet(key) ? getDouble(key, Double.NaN) : null;
    }

    /**
     * @param key the key
     * @param fallback the default when absent or null
     * @param min the smallest accepted value
     * @return the integer
     */
    public int getInt(String key, int fallback, int min) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
            throw invalid(key, n, "an integer");
        }
        int v = n.asInt();
        if (v < min) {
            throw invalid(key, n, "an integer of at least " + min);
        }
        return v;
    }

    /**
     * @param key the key
     * @param fallback the default when absent or null
     * @return the boolean
     */
    public boolean getBoolean(String key, boolean fallback) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw invalid(key, n, "true or false");
        }
        return n.asBoolean();
    }

    /**
     * Reads a string that must be one of the supported values.
     *
     * @param key the key
     * @param fallback the default when absent or null
     * @param supported the values the port implements
     * @return the value
     */
    public String getChoice(String key, String fallback, String... supported) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        String v = n.asText();
        if (!Arrays.asList(supported).contains(v)) {
            throw invalid(key, n, "one of " + String.join(", ", supported));
        }
        return v;
    }

    /**
     * Rejects a feature the port does not implement when the config turns it on.
     *
     * @param key a boolean key
     * @param why what to do instead
     */
    public void requireOff(String key, String why) {
        if (getBoolean(key, false)) {
            throw new IllegalArgumentException(source + ": " + key + "=true is not supported" + why);
        }
    }

    /**
     * @param key the key of a list of numbers
     * @return the values, or {@code null} when absent or null
     */
    public double[] getDoubleArray(String key) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw invalid(key, n, "a list of numbers");
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber()) {
                throw invalid(key, n, "a list of numbers");
            }
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    IllegalArgumentException invalid(String key, JsonNode value, String expected) {
        return new IllegalArgumentException(source + ": " + key + " = " + value + " is not supported; expected " + expected);
    }

    IllegalArgumentException invalid(String key, Object value, List<String> supported) {
        return new IllegalArgumentException(source + ": " + key + " = " + value + " is not supported; expected one of "
                + String.join(", ", supported));
    }

    @Override
    public String toString() {
        return source + " " + node;
    }
}
