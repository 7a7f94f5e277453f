/**
 * The Qwen-Image MMDiT transformer on ONNX Runtime and the multi-axis rotary position angles it takes as inputs.
 */
package dev.qwenimage.transformer;
