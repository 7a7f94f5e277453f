/**
 * Random sources that reproduce {@code torch.randn} exactly, so a seed gives a diffusers user the image they know:
 * {@link dev.qwenimage.random.TorchCpuGenerator} ({@code torch.Generator("cpu")}) and
 * {@link dev.qwenimage.random.TorchCudaGenerator} ({@code torch.Generator("cuda")}, computed on the CPU).
 */
package dev.qwenimage.random;
