/** Classifier-free guidance as Qwen-Image applies it: true CFG with a per-token norm rescale. */
package dev.qwenimage.guidance;
