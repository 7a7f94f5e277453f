package dev.qwenimage.prompt;

import dev.qwenimage.GenerationRequest;
import java.util.Objects;

/**
 * A named style: a prompt template with a {@code {prompt}} placeholder and words for the negative prompt. Immutable.
 *
 * @param name the preset's name, for example {@code "cinematic"}
 * @param promptTemplate the prompt, with {@code {prompt}} where the user's prompt goes
 * @param negativePrompt words to avoid, appended to the request's negative prompt ("" for none)
 */
public record StylePreset(String name, String promptTemplate, String negativePrompt) {

    /**
     * Creates the value, checking it.
     *
     * @param name the preset's name
     * @param promptTemplate the prompt, with {prompt} where the user's prompt goes
     * @param negativePrompt words to avoid ("" or null for none)
     */
    public StylePreset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(promptTemplate, "promptTemplate");
        negativePrompt = negativePrompt == null ? "" : negativePrompt;
        if (!promptTemplate.contains("{prompt}")) {
            throw new IllegalArgumentException("style preset '" + name + "': the prompt template must contain {prompt}, got \""
                    + promptTemplate + "\"");
        }
    }

    /**
     * @param prompt the user's prompt
     * @return the styled prompt
     */
    public String stylePrompt(String prompt) {
        return promptTemplate.replace("{prompt}", prompt);
    }

    /**
     * @param negative the request's negative prompt, or {@code null}
     * @return the negative prompt with this style's words appended
     */
    public String styleNegativePrompt(String negative) {
        if (negativePrompt.isEmpty()) {
            return negative;
        }
        return negative == null || negative.isBlank() ? negativePrompt : negative + ", " + negativePrompt;
    }

    /**
     * Applies the style to a request: the prompt goes through the template and the style's negative words are appended
     * to the request's negative prompt (or become it, when the request left it unset).
     *
     * @param request the request
     * @return a new request
     */
    public GenerationRequest applyTo(GenerationRequest request) {
        GenerationRequest.Builder b = request.toBuilder().prompt(stylePrompt(request.prompt()));
        if (!negativePrompt.isEmpty()) {
            b.negativePrompt(styleNegativePrompt(request.negativePrompt().orElse(null)));
        }
        return b.build();
    }
}
