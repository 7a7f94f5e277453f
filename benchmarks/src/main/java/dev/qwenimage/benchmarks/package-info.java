/** JMH benchmarks: the Java side of the denoising loop at Qwen-Image's real size, and end-to-end generation. */
package dev.qwenimage.benchmarks;
