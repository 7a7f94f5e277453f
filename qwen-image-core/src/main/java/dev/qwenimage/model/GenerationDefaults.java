package dev.qwenimage.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qwenimage.runtime.InvalidModelException;
import java.nio.file.Path;

/**
 * The values a request falls back to when it leaves them unset: {@code model_index.json}'s {@code "defaults"}, or
 * Qwen-Image's own (1024×1024, 50 steps, guidance 4.0 with negative prompt " "). Immutable.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param steps denoising steps
 * @param guidanceScale true-CFG scale
 * @param negativePrompt the negative prompt, or {@code null} for none
 */
public record GenerationDefaults(int width, int height, int steps, double guidanceScale, String negativePrompt) {

    /** Qwen-Image's defaults: the pipeline's sample size 128 × VAE factor 8, 50 steps, true CFG 4 with " ". */
    public static final GenerationDefaults QWEN_IMAGE = new GenerationDefaults(1024, 1024, 50, 4.0, " ");

    static GenerationDefaults read(JsonNode index, Path file) {
        JsonNode d = index.get("defaults");
        if (d == null || d.isNull()) {
            return QWEN_IMAGE;
        }
        if (!d.isObject()) {
            throw new InvalidModelException(file, "\"defaults\" must be a JSON object, got " + d);
        }
        int width = d.has("width") ? Json.positiveInt(d, "width", file, 16384) : QWEN_IMAGE.width;
        int height = d.has("height") ? Json.positiveInt(d, "height", file, 16384) : QWEN_IMAGE.height;
        int steps = d.has("num_inference_steps") ? Json.positiveInt(d, "num_inference_steps", file, 10000) : QWEN_IMAGE.steps;
        double guidance = QWEN_IMAGE.guidanceScale;
        if (d.has("true_cfg_scale")) {
            JsonNode g = d.get("true_cfg_scale");
            if (!g.isNumber() || !(g.asDouble() >= 0) || Double.isInfinite(g.asDouble())) {
                throw new InvalidModelException(file, "defaults.true_cfg_scale must be a number >= 0, got " + g);
            }
            guidance = g.asDouble();
        }
        String negative = QWEN_IMAGE.negativePrompt;
        if (d.has("negative_prompt")) {
            JsonNode n = d.get("negative_prompt");
            if (!n.isNull() && !n.isTextual()) {
                throw new InvalidModelException(file, "defaults.negative_prompt must be a string or null, got " + n);
            }
            negative = n.isNull() ? null : n.asText();
        }
        return new GenerationDefaults(width, height, steps, guidance, negative);
    }
}
