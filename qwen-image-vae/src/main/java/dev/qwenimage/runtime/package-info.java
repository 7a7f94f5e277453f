/**
 * ONNX Runtime plumbing shared by the VAE and core: the {@link dev.qwenimage.runtime.Device} a model runs on, the
 * {@link dev.qwenimage.runtime.SessionSettings} of its sessions, how both map to ONNX Runtime's session options
 * ({@link dev.qwenimage.runtime.ExecutionPlan}), and {@link dev.qwenimage.runtime.OnnxNetwork}, one loaded network
 * whose inputs and outputs are checked against the model-folder contract when it loads.
 *
 * <p>It lives in the VAE module because that is the lowest module that runs networks; core builds on it.
 */
package dev.qwenimage.runtime;
