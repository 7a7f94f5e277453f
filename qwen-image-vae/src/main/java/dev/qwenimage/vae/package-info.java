/**
 * The Qwen-Image VAE ({@code AutoencoderKLQwenImage}) on ONNX Runtime: {@link dev.qwenimage.vae.VaeConfig} read from
 * the model folder, {@link dev.qwenimage.vae.VaeDecoder} from latents to pixels, {@link dev.qwenimage.vae.VaeEncoder}
 * from pixels to latents (the mean of the latent distribution), and the per-channel latent normalization.
 */
package dev.qwenimage.vae;
