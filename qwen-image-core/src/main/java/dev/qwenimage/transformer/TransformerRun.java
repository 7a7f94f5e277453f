package dev.qwenimage.transformer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.qwenimage.guidance.TrueClassifierFreeGuidance;
import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.runtime.OnnxNetwork;
import dev.qwenimage.text.PromptEmbedding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One generation's transformer inputs, bound once: direct (off-heap, native-order) buffers wrapped by ONNX Runtime
 * tensors without copies. Each step writes the latents and the timestep into the input buffers in place and ONNX
 * Runtime writes the prediction into pinned output tensors, so a step allocates no large arrays.
 * Not thread-safe: it belongs to one generation. {@link #close()} releases the tensors.
 */
public final class TransformerRun implements AutoCloseable {

    private final OnnxNetwork network;
    private final int batch;
    private final int values;
    private final int tokens;
    private final int tokenDim;
    private final FloatBuffer hidden;
    private final FloatBuffer timestep;
    private final FloatBuffer condOut;
    private final FloatBuffer uncondOut;
    private final float[] uncondScratch;
    private final Map<String, OnnxTensor> condInputs = new HashMap<>();
    private final Map<String, OnnxTensor> uncondInputs = new HashMap<>();
    private final Map<String, OnnxTensor> condOutputs = new HashMap<>();
    private final Map<String, OnnxTensor> uncondOutputs = new HashMap<>();
    private final java.util.List<OnnxTensor> owned = new java.util.ArrayList<>();
    private boolean closed;

    TransformerRun(QwenTransformer transformer, LatentGrid grid, int batch, PromptEmbedding prompt,
            PromptEmbedding negative) {
        this.network = transformer.network();
        this.batch = batch;
        this.tokens = grid.tokens();
        this.tokenDim = grid.tokenDim();
        this.values = batch * tokens * tokenDim;
        RotaryAngles rotary = transformer.rotary();
        try {
            long[] latentShape = {batch, tokens, tokenDim};
            hidden = directFloats(values);
            timestep = directFloats(batch);
            OnnxTensor hiddenTensor = track(OnnxTensor.createTensor(network.environment(), hidden, latentShape));
            OnnxTensor timestepTensor = track(OnnxTensor.createTensor(network.environment(), timestep, new long[] {batch}));
            float[] imgRope = rotary.image(grid.tokenRows(), grid.tokenColumns());
            OnnxTensor imgRopeTensor = track(OnnxTensor.createTensor(network.environment(), directFloats(imgRope),
                    new long[] {tokens, rotary.anglesPerToken()}));
            condOut = directFloats(values);
            bindText(condInputs, prompt, rotary, grid, hiddenTensor, timestepTensor, imgRopeTensor);
            condOutputs.put(QwenTransformer.OUTPUT.name(),
                    track(OnnxTensor.createTensor(network.environment(), condOut, latentShape)));
            if (negative != null) {
                uncondOut = directFloats(values);
                uncondScratch = new float[values];
                bindText(uncondInputs, negative, rotary, grid, hiddenTensor, timestepTensor, imgRopeTensor);
                uncondOutputs.put(QwenTransformer.OUTPUT.name(),
                        track(OnnxTensor.createTensor(network.environment(), uncondOut, latentShape)));
            } else {
                uncondOut = null;
                uncondScratch = null;
            }
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("cannot create transformer input tensors: " + e.getMessage(), e);
        }
    }

    private void bindText(Map<String, OnnxTensor> inputs, PromptEmbedding text, RotaryAngles rotary, LatentGrid grid,
            OnnxTensor hiddenTensor, OnnxTensor timestepTensor, OnnxTensor imgRopeTensor) throws OrtException {
        int lt = text.tokens();
        int d = text.dim();
        FloatBuffer embeds = directFloats(batch * lt * d);
        float[] one = text.values();
        for (int b = 0; b < batch; b++) {
            embeds.put(one);
        }
        embeds.rewind();
        LongBuffer mask = ByteBuffer.allocateDirect(batch * lt * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        for (int i = 0; i < batch * lt; i++) {
            mask.put(i, 1L);
        }
        inputs.put(QwenTransformer.HIDDEN_STATES.name(), hiddenTensor);
        inputs.put(QwenTransformer.TIMESTEP.name(), timestepTensor);
        inputs.put(QwenTransformer.IMG_ROPE.name(), imgRopeTensor);
        inputs.put(QwenTransformer.ENCODER_HIDDEN_STATES.name(),
                track(OnnxTensor.createTensor(network.environment(), embeds, new long[] {batch, lt, d})));
        inputs.put(QwenTransformer.ENCODER_MASK.name(),
                track(OnnxTensor.createTensor(network.environment(), mask, new long[] {batch, lt})));
        float[] txtRope = rotary.text(lt, grid.tokenRows(), grid.tokenColumns());
        inputs.put(QwenTransformer.TXT_ROPE.name(), track(OnnxTensor.createTensor(network.environment(),
                directFloats(txtRope), new long[] {lt, rotary.anglesPerToken()})));
    }

    private OnnxTensor track(OnnxTensor t) {
        owned.add(t);
        return t;
    }

    private static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static FloatBuffer directFloats(float[] values) {
        FloatBuffer b = directFloats(values.length);
        b.put(values).rewind();
        return b;
    }

    /** @return true if this run evaluates a negative prompt for true CFG */
    public boolean guided() {
        return uncondOut != null;
    }

    /** @return B·Li·4C, the values of the latents and of a prediction */
    public int values() {
        return values;
    }

    /**
     * Predicts the velocity at one timestep, combining prompt and negative prompt with true CFG when bound with a
     * negative prompt.
     *
     * @param latents the packed latents [B, Li, 4C]; not changed
     * @param timestepValue the scheduler's timestep (0 to 1000); the network receives timestep / 1000
     * @param guidanceScale the true-CFG scale (ignored without a negative prompt)
     * @param out receives the (guided) velocity [B, Li, 4C]
     * @param runOptions run options (cancellation), or {@code null}
     * @throws OrtException if ONNX Runtime fails or the run was terminated
     */
    public void predict(float[] latents, float timestepValue, float guidanceScale, float[] out,
            OrtSession.RunOptions runOptions) throws OrtException {
        ensureOpen();
        hidden.clear();
        hidden.put(latents, 0, values).rewind();
        float sigma = timestepValue / 1000f;
        for (int b = 0; b < batch; b++) {
            timestep.put(b, sigma);
        }
        network.runInto(condInputs, condOutputs, runOptions);
        condOut.get(0, out, 0, values);
        if (uncondOut != null) {
            network.runInto(uncondInputs, uncondOutputs, runOptions);
            uncondOut.get(0, uncondScratch, 0, values);
            TrueClassifierFreeGuidance.apply(out, uncondScratch, guidanceScale, batch * tokens, tokenDim);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this transformer run has been closed");
        }
    }

    /** Releases the bound tensors. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (OnnxTensor t : owned) {
            t.close();
        }
        owned.clear();
    }
}
