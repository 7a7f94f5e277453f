package dev.qwenimage.vae;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.qwenimage.runtime.ExecutionPlan;
import dev.qwenimage.runtime.OnnxNetwork;
import dev.qwenimage.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * The VAE decoder network: un-normalized latents [B, C, h, w] to pixels [B, 3, h·f, w·f] in about [-1, 1].
 * Thread-safe; closing it releases its ONNX Runtime session.
 */
public final class VaeDecoder implements AutoCloseable {

    /** The input the decoder must declare. */
    public static final TensorSpec INPUT = TensorSpec.float32("latent_sample", 4);
    /** The output the decoder must declare. */
    public static final TensorSpec OUTPUT = TensorSpec.float32("sample", 4);

    private final OnnxNetwork network;
    private final VaeConfig config;

    private VaeDecoder(OnnxNetwork network, VaeConfig config) {
        this.network = network;
        this.config = config;
    }

    /**
     * Loads {@code vae_decoder/model.onnx} and checks its signature.
     *
     * @param modelFile the decoder's ONNX file
     * @param config the VAE config
     * @param plan where and how to run it
     * @return the decoder
     * @throws dev.qwenimage.runtime.InvalidModelException if the file is missing or does not match the contract
     */
    public static VaeDecoder load(Path modelFile, VaeConfig config, ExecutionPlan plan) {
        return new VaeDecoder(OnnxNetwork.load("vae_decoder", modelFile, List.of(INPUT), List.of(OUTPUT), plan), config);
    }

    /** @return the VAE config */
    public VaeConfig config() {
        return config;
    }

    /**
     * Decodes un-normalized latents.
     *
     * @param latents [B, C, h, w] in C order, in the VAE's latent space (see {@link VaeConfig#denormalize})
     * @param batch B
     * @param height h
     * @param width w
     * @param runOptions ONNX Runtime run options (for cancellation), or {@code null}
     * @return pixels [B, 3, h·f, w·f]
     * @throws OrtException if ONNX Runtime fails
     */
    public float[] decode(float[] latents, int batch, int height, int width, OrtSession.RunOptions runOptions)
            throws OrtException {
        int c = config.latentChannels();
        if (latents.length != (long) batch * c * height * width) {
            throw new IllegalArgumentException("latents hold " + latents.length + " values; expected B·C·h·w = "
                    + batch + "·" + c + "·" + height + "·" + width);
        }
        int f = config.scaleFactor();
        return OneImageAtATime.run(network, INPUT, OUTPUT, latents, batch, new long[] {1, c, height, width},
                new long[] {1, 3, (long) height * f, (long) width * f}, runOptions);
    }

    /** Releases the decoder's session. Idempotent. */
    @Override
    public void close() {
        network.close();
    }
}
