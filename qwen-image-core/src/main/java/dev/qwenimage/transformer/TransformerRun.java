package dev.qwenimage.transformer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.qwenimage.guidance.TrueClassifierFreeGuidance;
import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.pipeline.NonFiniteValueException;
import dev.qwenimage.runtime.OnnxNetwork;
import dev.qwenimage.text.PromptEmbedding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One generation's transformer inputs, bound once: direct (off-heap, native-order) buffers wrapped by ONNX Runtime
 * tensors without copies. Each step writes the latents and the timestep into the input buffers in place and ONNX
 * Runtime writes the prediction into pinned output tensors, so a step allocates no large arrays.
 *
 * <p>A network exported for batch 1 ({@link OnnxNetwork#batchOfOne()}) is run once per image, each run on its slice
 * of the same buffers; otherwise the whole batch runs at once. Not thread-safe: it belongs to one generation.
 * {@link #close()} releases the tensors.
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
    private final List<Map<String, OnnxTensor>> condInputs = new ArrayList<>();
    private final List<Map<String, OnnxTensor>> uncondInputs = new ArrayList<>();
    private final List<Map<String, OnnxTensor>> condOutputs = new ArrayList<>();
    private final List<Map<String, OnnxTensor>> uncondOutputs = new ArrayList<>();
    private final List<OnnxTensor> owned = new ArrayList<>();
    private boolean closed;
    private long networkNanos;

    TransformerRun(QwenTransformer transformer, LatentGrid grid, int batch, PromptEmbedding prompt,
            PromptEmbedding negative) {
        this.network = transformer.network();
        this.batch = batch;
        this.tokens = grid.tokens();
        this.tokenDim = grid.tokenDim();
        this.values = batch * tokens * tokenDim;
        RotaryAngles rotary = transformer.rotary();
        int lanes = network.batchOfOne() ? batch : 1;
        int laneBatch = batch / lanes;
        int perLane = laneBatch * tokens * tokenDim;
        long[] laneShape = {laneBatch, tokens, tokenDim};
        hidden = directFloats(values);
        timestep = directFloats(batch);
        condOut = directFloats(values);
        uncondOut = negative != null ? directFloats(values) : null;
        uncondScratch = negative != null ? new float[values] : null;
        try {
            OnnxTensor imgRope = track(OnnxTensor.createTensor(network.environment(),
                    directFloats(rotary.image(grid.tokenRows(), grid.tokenColumns())),
                    new long[] {tokens, rotary.anglesPerToken()}));
            Map<String, OnnxTensor> condText = text(prompt, laneBatch, rotary, grid);
            Map<String, OnnxTensor> uncondText = negative != null ? text(negative, laneBatch, rotary, grid) : null;
            for (int lane = 0; lane < lanes; lane++) {
                Map<String, OnnxTensor> shared = new HashMap<>();
                shared.put(QwenTransformer.HIDDEN_STATES.name(),
                        track(OnnxTensor.createTensor(network.environment(), slice(hidden, lane * perLane, perLane), laneShape)));
                shared.put(QwenTransformer.TIMESTEP.name(), track(OnnxTensor.createTensor(network.environment(),
                        slice(timestep, lane * laneBatch, laneBatch), new long[] {laneBatch})));
                shared.put(QwenTransformer.IMG_ROPE.name(), imgRope);
                condInputs.add(merge(shared, condText));
                condOutputs.add(Map.of(QwenTransformer.OUTPUT.name(), track(OnnxTensor.createTensor(
                        network.environment(), slice(condOut, lane * perLane, perLane), laneShape))));
                if (negative != null) {
                    uncondInputs.add(merge(shared, uncondText));
                    uncondOutputs.add(Map.of(QwenTransformer.OUTPUT.name(), track(OnnxTensor.createTensor(
                            network.environment(), slice(uncondOut, lane * perLane, perLane), laneShape))));
                }
            }
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("cannot create transformer input tensors: " + e.getMessage(), e);
        }
    }

    /** The text inputs of one lane: the embedding repeated laneBatch times, an all-ones mask, the text angles. */
    private Map<String, OnnxTensor> text(PromptEmbedding text, int laneBatch, RotaryAngles rotary, LatentGrid grid)
            throws OrtException {
        int lt = text.tokens();
        int d = text.dim();
        FloatBuffer embeds = directFloats(laneBatch * lt * d);
        float[] one = text.values();
        for (int b = 0; b < laneBatch; b++) {
            embeds.put(one);
        }
        embeds.rewind();
        LongBuffer mask = ByteBuffer.allocateDirect(laneBatch * lt * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        for (int i = 0; i < laneBatch * lt; i++) {
            mask.put(i, 1L);
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        inputs.put(QwenTransformer.ENCODER_HIDDEN_STATES.name(),
                track(OnnxTensor.createTensor(network.environment(), embeds, new long[] {laneBatch, lt, d})));
        inputs.put(QwenTransformer.ENCODER_MASK.name(),
                track(OnnxTensor.createTensor(network.environment(), mask, new long[] {laneBatch, lt})));
        inputs.put(QwenTransformer.TXT_ROPE.name(), track(OnnxTensor.createTensor(network.environment(),
                directFloats(rotary.text(lt, grid.tokenRows(), grid.tokenColumns())),
                new long[] {lt, rotary.anglesPerToken()})));
        return inputs;
    }

    private static Map<String, OnnxTensor> merge(Map<String, OnnxTensor> a, Map<String, OnnxTensor> b) {
        Map<String, OnnxTensor> m = new HashMap<>(a);
        m.putAll(b);
        return m;
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

    /** A direct view of {@code length} values at {@code offset}: the tensor reads and writes the parent's memory. */
    private static FloatBuffer slice(FloatBuffer parent, int offset, int length) {
        FloatBuffer d = parent.duplicate();
        d.position(offset).limit(offset + length);
        return d.slice();
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
     * @param runOptions run options (for cancellation), or {@code null}
     * @return true if the network's predictions were finite (checked as a by-product of guidance when guided, by a
     *     scan otherwise)
     * @throws OrtException if ONNX Runtime fails or the run was terminated
     */
    public boolean predict(float[] latents, float timestepValue, float guidanceScale, float[] out,
            OrtSession.RunOptions runOptions) throws OrtException {
        if (closed) {
            throw new IllegalStateException("this transformer run has been closed");
        }
        hidden.put(0, latents, 0, values);
        float sigma = timestepValue / 1000f;
        for (int b = 0; b < batch; b++) {
            timestep.put(b, sigma);
        }
        long t0 = System.nanoTime();
        for (int lane = 0; lane < condInputs.size(); lane++) {
            network.runInto(condInputs.get(lane), condOutputs.get(lane), runOptions);
        }
        if (uncondOut != null) {
            for (int lane = 0; lane < uncondInputs.size(); lane++) {
                network.runInto(uncondInputs.get(lane), uncondOutputs.get(lane), runOptions);
            }
        }
        networkNanos += System.nanoTime() - t0;
        condOut.get(0, out, 0, values);
        if (uncondOut != null) {
            uncondOut.get(0, uncondScratch, 0, values);
            return TrueClassifierFreeGuidance.apply(out, uncondScratch, guidanceScale, batch * tokens, tokenDim);
        }
        return NonFiniteValueException.isFinite(out);
    }

    /** @return the time spent inside ONNX Runtime by this run's predictions, in nanoseconds */
    public long networkNanos() {
        return networkNanos;
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
