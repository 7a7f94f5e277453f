/**
 * Image-to-image, inpainting and outpainting on top of qwen-image-core: {@link dev.qwenimage.editing.QwenImageEditor}
 * runs diffusers' {@code QwenImageImg2ImgPipeline} and {@code QwenImageInpaintPipeline} through core's recipe and
 * denoising loop, changing only where denoising starts and what happens after each step.
 */
package dev.qwenimage.editing;
