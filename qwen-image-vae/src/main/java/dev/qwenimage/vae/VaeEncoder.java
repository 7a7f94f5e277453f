package dev.qwenimage.vae;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.qwenimage.runtime.ExecutionPlan;
import dev.qwenimage.runtime.OnnxNetwork;
import dev.qwenimage.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * The VAE encoder network: pixels [B, 3, H, W] in [-1, 1] to the mean of the latent distribution
 * [B, C, H/f, W/f] (un-normalized). Needed only for image-to-image and editing. Thread-safe.
 */
public final class VaeEncoder implements AutoCloseable {

    /** The input the encoder must declare. */
    public static final TensorSpec INPUT = TensorSpec.float32("sample", 4);
    /** The output the encoder must declare. */
    public static final TensorSpec OUTPUT = TensorSpec.float32("latent_sample", 4);

    private final OnnxNetwork network;
    private final VaeConfig config;

    private VaeEncoder(OnnxNetwork network, VaeConfig config) {
        this.network = network;
        this.config = config;
    }

    /**
     * Loads {@code vae_encoder/model.onnx} and checks its signature.
     *
     * @param modelFile the encoder's ONNX file
     * @param config the VAE config
     * @param plan where and how to run it
     * @return the encoder
     * @throws dev.qwenimage.runtime.InvalidModelException if the file is missing or does not match the contract
     */
    public static VaeEncoder load(Path modelFile, VaeConfig config, ExecutionPlan plan) {
        return new VaeEncoder(OnnxNetwork.load("vae_encoder", modelFile, List.of(INPUT), List.of(OUTPUT), plan), config);
    }

    /** @return the VAE config */
    public VaeConfig config() {
        return config;
    }

    /**
     * Encodes pixels to un-normalized latents (the distribution's mean).
     *
     * @param pixels [B, 3, H, W] in C order, values in [-1, 1]
     * @param batch B
     * @param height H, a multiple of the scale factor
     * @param width W, a multiple of the scale factor
     * @param runOptions ONNX Runtime run options (for cancellation), or {@code null}
     * @return latents [B, C, H/f, W/f]
     * @throws OrtException if ONNX Runtime fails
     */
    public float[] encode(float[] pixels, int batch, int height, int width, OrtSession.RunOptions runOptions)
            throws OrtException {
        int f = config.scaleFactor();
        if (height % f != 0 || width % f != 0) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " must be a multiple of the VAE scale factor " + f);
        }
        if (pixels.length != (long) batch * 3 * height * width) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " values; expected B·3·H·W");
        }
        return OneImageAtATime.run(network, INPUT, OUTPUT, pixels, batch, new long[] {1, 3, height, width},
                new long[] {1, config.latentChannels(), height / f, width / f}, runOptions);
    }

    /** Releases the encoder's session. Idempotent. */
    @Override
    public void close() {
        network.close();
    }
}
