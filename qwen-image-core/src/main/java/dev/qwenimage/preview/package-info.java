/**
 * Cheap per-step previews: {@link dev.qwenimage.preview.LatentPreviewer} maps latents to RGB with a linear projection
 * fitted per model, without running the VAE decoder.
 */
package dev.qwenimage.preview;
