/**
 * The model folder: {@link dev.qwenimage.model.ModelFolder} reads and checks {@code model_index.json} and the
 * configs (see {@code docs/model-format.md}), {@link dev.qwenimage.model.GenerationDefaults} holds the values a
 * request falls back to, and {@link dev.qwenimage.model.BuiltInModels} provides the bundled qwen-image-micro model.
 */
package dev.qwenimage.model;
