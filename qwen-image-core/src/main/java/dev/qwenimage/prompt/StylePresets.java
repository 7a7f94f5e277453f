package dev.qwenimage.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A set of {@link StylePreset}s by name, loaded from JSON:
 * <pre>{"presets": [{"name": "cinematic", "prompt": "cinematic still of {prompt}, ...", "negative_prompt": "..."}]}</pre>
 * {@link #builtIn()} holds cinematic, photographic, anime, watercolor, chinese ink, cyberpunk, oil painting, pixel
 * art, 3d render and line art. Names are matched case-insensitively, with spaces, dashes and underscores alike.
 * Immutable.
 */
public final class StylePresets {

    private final Map<String, StylePreset> presets;

    private StylePresets(Map<String, StylePreset> presets) {
        this.presets = Collections.unmodifiableMap(presets);
    }

    /** @return the presets shipped with the SDK */
    public static StylePresets builtIn() {
        try (InputStream in = StylePresets.class.getResourceAsStream("/dev/qwenimage/prompt/style-presets.json")) {
            if (in == null) {
                throw new IllegalStateException("the built-in style presets are missing from the jar");
            }
            return parse(in, "built-in style-presets.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a presets JSON file
     * @return its presets
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is malformed
     */
    public static StylePresets load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /**
     * @param in presets JSON
     * @param source its name, for messages
     * @return the presets
     * @throws IOException if reading fails
     */
    public static StylePresets parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": malformed JSON: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("presets");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(source + ": expected {\"presets\": [...]}");
        }
        Map<String, StylePreset> out = new LinkedHashMap<>();
        for (JsonNode p : list) {
            JsonNode name = p.get("name");
            JsonNode prompt = p.get("prompt");
            if (name == null || !name.isTextual() || prompt == null || !prompt.isTextual()) {
                throw new IllegalArgumentException(source + ": every preset needs a \"name\" and a \"prompt\", got " + p);
            }
            JsonNode negative = p.get("negative_prompt");
            StylePreset preset = new StylePreset(name.asText(), prompt.asText(),
                    negative == null || negative.isNull() ? "" : negative.asText());
            if (out.put(key(preset.name()), preset) != null) {
                throw new IllegalArgumentException(source + ": duplicate preset '" + preset.name() + "'");
            }
        }
        return new StylePresets(out);
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
    }

    /**
     * @param name a preset name
     * @return the preset, if there is one
     */
    public Optional<StylePreset> find(String name) {
        return Optional.ofNullable(presets.get(key(name)));
    }

    /**
     * @param name a preset name
     * @return the preset
     * @throws IllegalArgumentException naming the known presets if there is none of that name
     */
    public StylePreset get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown style preset '" + name
                + "'; known: " + names()));
    }

    /** @return the presets, in file order */
    public Collection<StylePreset> all() {
        return presets.values();
    }

    /** @return the presets' names, in file order */
    public java.util.List<String> names() {
        return presets.values().stream().map(StylePreset::name).toList();
    }
}
