/**
 * The Qwen-Image recipe and its single denoising loop: {@link dev.qwenimage.pipeline.QwenImagePipeline} holds the
 * loaded networks and exposes each step of diffusers' pipeline (encode the prompt, draw the noise, build the schedule,
 * denoise, decode), and {@link dev.qwenimage.pipeline.DenoisingLoop} is the one loop that text-to-image and every
 * editing pipeline run.
 */
package dev.qwenimage.pipeline;
