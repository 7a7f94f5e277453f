/**
 * From a prompt to the embedding the transformer attends to: {@link dev.qwenimage.text.QwenTokenizer} (Hugging Face
 * tokenizers through DJL), {@link dev.qwenimage.text.TextEncoder} (the Qwen2.5-VL language model on ONNX Runtime) and
 * {@link dev.qwenimage.text.PromptEncoder}, which applies Qwen-Image's prompt template and drops its prefix.
 */
package dev.qwenimage.text;
