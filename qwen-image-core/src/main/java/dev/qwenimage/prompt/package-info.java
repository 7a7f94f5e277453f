/**
 * Prompt helpers: named {@link dev.qwenimage.prompt.StylePreset}s that add words to the prompt and negative prompt,
 * and the {@link dev.qwenimage.prompt.PromptEnhancer} interface for a rewriter (for example an LLM) the user plugs in.
 * The SDK itself makes no network calls.
 */
package dev.qwenimage.prompt;
