/** Reading and writing the files users exchange with numpy and image tools: float32 {@code .npy} arrays. */
package dev.qwenimage.io;
