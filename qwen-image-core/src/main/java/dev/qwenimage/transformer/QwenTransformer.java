package dev.qwenimage.transformer;

import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.model.TransformerConfig;
import dev.qwenimage.runtime.ExecutionPlan;
import dev.qwenimage.runtime.OnnxNetwork;
import dev.qwenimage.runtime.TensorSpec;
import dev.qwenimage.text.PromptEmbedding;
import java.nio.file.Path;
import java.util.List;

/**
 * The Qwen-Image MMDiT network: predicts the flow velocity of packed image tokens given text embeddings, the timestep
 * and rotary angles. Loaded once and shared by all generations (thread-safe); each generation binds its inputs with
 * {@link #bind}.
 */
public final class QwenTransformer implements AutoCloseable {

    /** Packed latents [B, Li, 4C]. */
    public static final TensorSpec HIDDEN_STATES = TensorSpec.float32("hidden_states", 3);
    /** Text embeddings [B, Lt, D]. */
    public static final TensorSpec ENCODER_HIDDEN_STATES = TensorSpec.float32("encoder_hidden_states", 3);
    /** Text mask int64 [B, Lt]. */
    public static final TensorSpec ENCODER_MASK = TensorSpec.int64("encoder_hidden_states_mask", 2);
    /** sigma = timestep / 1000, [B]. */
    public static final TensorSpec TIMESTEP = TensorSpec.float32("timestep", 1);
    /** Image rotary angles [Li, A/2]. */
    public static final TensorSpec IMG_ROPE = TensorSpec.float32("img_rope", 2);
    /** Text rotary angles [Lt, A/2]. */
    public static final TensorSpec TXT_ROPE = TensorSpec.float32("txt_rope", 2);
    /** The predicted velocity [B, Li, 4C]. */
    public static final TensorSpec OUTPUT = TensorSpec.float32("sample", 3);

    private final OnnxNetwork network;
    private final TransformerConfig config;
    private final RotaryAngles rotary;

    private QwenTransformer(OnnxNetwork network, TransformerConfig config) {
        this.network = network;
        this.config = config;
        this.rotary = new RotaryAngles(config.axesDimsRope(), 10000.0);
    }

    /**
     * Loads {@code transformer/model.onnx} and checks its signature.
     *
     * @param file the ONNX file
     * @param config the transformer config
     * @param plan where and how to run it
     * @return the transformer
     */
    public static QwenTransformer load(Path file, TransformerConfig config, ExecutionPlan plan) {
        OnnxNetwork network = OnnxNetwork.load("transformer", file,
                List.of(HIDDEN_STATES, ENCODER_HIDDEN_STATES, ENCODER_MASK, TIMESTEP, IMG_ROPE, TXT_ROPE),
                List.of(OUTPUT), plan);
        return new QwenTransformer(network, config);
    }

    /** @return the config */
    public TransformerConfig config() {
        return config;
    }

    /** @return the rotary angle tables */
    public RotaryAngles rotary() {
        return rotary;
    }

    OnnxNetwork network() {
        return network;
    }

    /**
     * Binds one generation's constant inputs (text embeddings, masks, rotary angles) and allocates its step buffers
     * once, so the denoising loop itself allocates nothing.
     *
     * @param grid the latent grid
     * @param batch B, images generated together
     * @param prompt the prompt embedding
     * @param negative the negative prompt embedding, or {@code null} without true CFG
     * @return the bound run; close it when the generation ends
     */
    public TransformerRun bind(LatentGrid grid, int batch, PromptEmbedding prompt, PromptEmbedding negative) {
        if (grid.tokenDim() != config.inChannels()) {
            throw new IllegalArgumentException("latent tokens have " + grid.tokenDim() + " values; the transformer takes "
                    + config.inChannels());
        }
        return new TransformerRun(this, grid, batch, prompt, negative);
    }

    /** Releases the session. Idempotent. */
    @Override
    public void close() {
        network.close();
    }
}
