package dev.qwenimage.vae;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.qwenimage.runtime.ExecutionPlan;
import dev.qwenimage.runtime.OnnxNetwork;
import dev.qwenimage.runtime.TensorSpec;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        // One image per run: exported VAEs often trace batch 1 into the graph.
        int perImage = 3 * height * width;
        int perLatent = config.latentChannels() * (height / f) * (width / f);
        float[] latents = new float[batch * perLatent];
        long[] shape = {1, 3, height, width};
        long[] expected = {1, config.latentChannels(), height / f, width / f};
        for (int b = 0; b < batch; b++) {
            FloatBuffer slice = FloatBuffer.wrap(pixels, b * perImage, perImage).slice();
            try (OnnxTensor input = OnnxTensor.createTensor(network.environment(), slice, shape);
                 OrtSession.Result result = network.run(Map.of(INPUT.name(), input), runOptions)) {
                OnnxTensor out = (OnnxTensor) result.get(OUTPUT.name()).orElseThrow();
                if (!java.util.Arrays.equals(out.getInfo().getShape(), expected)) {
                    throw new IllegalStateException("vae_encoder returned shape "
                            + java.util.Arrays.toString(out.getInfo().getShape()) + "; expected "
                            + java.util.Arrays.toString(expected));
                }
                out.getFloatBuffer().get(latents, b * perLatent, perLatent);
            }
        }
        return latents;
    }

    /** Releases the encoder's session. Idempotent. */
    @Override
    public void close() {
        network.close();
    }
}
