package dev.qwenimage.prompt;

/**
 * Rewrites a prompt before generation, for example by asking a language model to add detail ("magic prompt"). The SDK
 * ships no implementation that calls a network; plug in your own (an HTTP call to your LLM, a rules engine).
 * Implementations must be thread-safe when shared by a service.
 */
@FunctionalInterface
public interface PromptEnhancer {

    /**
     * @param prompt the user's prompt
     * @return the prompt to generate from; return the input to leave it as is
     * @throws Exception if the rewriter fails; callers fall back to the original prompt
     */
    String enhance(String prompt) throws Exception;

    /** @return an enhancer that leaves prompts unchanged */
    static PromptEnhancer identity() {
        return prompt -> prompt;
    }
}
