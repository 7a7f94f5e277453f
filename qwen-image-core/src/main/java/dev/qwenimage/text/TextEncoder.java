package dev.qwenimage.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.qwenimage.runtime.ExecutionPlan;
import dev.qwenimage.runtime.OnnxNetwork;
import dev.qwenimage.runtime.TensorSpec;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The text encoder network: token ids to the language model's final hidden state
 * ({@code input_ids}, {@code attention_mask} int64 [B, L] to {@code last_hidden_state} [B, L, D]). Thread-safe.
 */
public final class TextEncoder implements AutoCloseable {

    /** The inputs and output the network must declare. */
    public static final TensorSpec INPUT_IDS = TensorSpec.int64("input_ids", 2);
    /** The attention mask input. */
    public static final TensorSpec ATTENTION_MASK = TensorSpec.int64("attention_mask", 2);
    /** The output. */
    public static final TensorSpec OUTPUT = TensorSpec.float32("last_hidden_state", 3);

    private final OnnxNetwork network;
    private final int hiddenSize;

    private TextEncoder(OnnxNetwork network, int hiddenSize) {
        this.network = network;
        this.hiddenSize = hiddenSize;
    }

    /**
     * Loads {@code text_encoder/model.onnx} and checks its signature.
     *
     * @param file the ONNX file
     * @param hiddenSize D, from the config
     * @param plan where and how to run it
     * @return the encoder
     */
    public static TextEncoder load(Path file, int hiddenSize, ExecutionPlan plan) {
        return new TextEncoder(OnnxNetwork.load("text_encoder", file,
                List.of(INPUT_IDS, ATTENTION_MASK), List.of(OUTPUT), plan), hiddenSize);
    }

    /**
     * Encodes one token sequence (batch 1, all positions attended).
     *
     * @param ids the token ids
     * @param runOptions run options, or {@code null}
     * @return the hidden states [L, D]
     * @throws OrtException if ONNX Runtime fails
     */
    public float[] encode(long[] ids, OrtSession.RunOptions runOptions) throws OrtException {
        long[] shape = {1, ids.length};
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1L);
        try (OnnxTensor idTensor = OnnxTensor.createTensor(network.environment(), LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(network.environment(), LongBuffer.wrap(mask), shape);
             OrtSession.Result result = network.run(
                     Map.of(INPUT_IDS.name(), idTensor, ATTENTION_MASK.name(), maskTensor), runOptions)) {
            OnnxTensor out = (OnnxTensor) result.get(OUTPUT.name()).orElseThrow();
            long[] outShape = out.getInfo().getShape();
            if (outShape.length != 3 || outShape[1] != ids.length || outShape[2] != hiddenSize) {
                throw new IllegalStateException("text_encoder returned " + Arrays.toString(outShape) + "; expected [1, "
                        + ids.length + ", " + hiddenSize + "]");
            }
            FloatBuffer fb = out.getFloatBuffer();
            float[] values = new float[fb.remaining()];
            fb.get(values);
            return values;
        }
    }

    /** @return D */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** Releases the session. Idempotent. */
    @Override
    public void close() {
        network.close();
    }
}
