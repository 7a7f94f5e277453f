package dev.qwenimage.model;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.qwenimage.runtime.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON files of a model folder, turning every failure into an {@link InvalidModelException}. */
final class Json {

    /** Python's json module writes Infinity and NaN, and diffusers configs carry them. */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Json() {
    }

    static JsonNode readObject(Path file, String what) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(file, "missing: " + what + " is required");
        } catch (IOException e) {
            throw new InvalidModelException(file, "cannot read " + what + ": " + e.getMessage(), e);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new InvalidModelException(file, "malformed JSON in " + what + ": " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidModelException(file, what + " must be a JSON object");
        }
        return node;
    }

    static int positiveInt(JsonNode node, String key, Path file, int max) {
        JsonNode n = node.get(key);
        if (n == null || !n.isIntegralNumber()) {
            throw new InvalidModelException(file, key + " must be an integer, got " + n);
        }
        int v = n.asInt();
        if (v < 1 || v > max) {
            throw new InvalidModelException(file, key + " = " + v + " is out of range (1 to " + max + ")");
        }
        return v;
    }
}
