/**
 * The SDK's entry point: {@link dev.qwenimage.QwenImageGenerator} loads a Qwen-Image model (the built-in
 * qwen-image-micro by default) and turns {@link dev.qwenimage.GenerationRequest}s into
 * {@link dev.qwenimage.GenerationResult}s holding {@link dev.qwenimage.GeneratedImage}s.
 *
 * <pre>{@code
 * try (QwenImageGenerator generator = QwenImageGenerator.builder().build()) {
 *     GenerationResult result = generator.generate(GenerationRequest.builder()
 *             .prompt("a large red circle in the center on a blue background")
 *             .seed(42).build());
 *     result.images().get(0).save(Path.of("out.png"));
 * }
 * }</pre>
 */
package dev.qwenimage;
