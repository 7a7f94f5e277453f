/**
 * The latent grid of an image and the 2×2 patch packing that turns VAE latents [B, C, h, w] into the transformer's
 * token sequence [B, (h/2)(w/2), 4C] and back.
 */
package dev.qwenimage.latent;
