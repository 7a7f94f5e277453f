package dev.qwenimage.vae;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.qwenimage.runtime.OnnxNetwork;
import dev.qwenimage.runtime.TensorSpec;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs a VAE network over a batch one image per run: exported VAEs often trace batch 1 into the graph (their outputs
 * declare it), and decoding is memory-bound anyway. Each run reads its slice of the batch and writes its slice of the
 * result; an output of another shape than expected is reported with both shapes.
 */
final class OneImageAtATime {

    private OneImageAtATime() {
    }

    /**
     * @param network the network
     * @param input its input
     * @param output its output
     * @param values the batch's input values, C order
     * @param batch B
     * @param inShape the shape of one image's input, batch 1
     * @param outShape the expected shape of one image's output, batch 1
     * @param runOptions run options (for cancellation), or {@code null}
     * @return the batch's output values
     * @throws OrtException if ONNX Runtime fails
     */
    static float[] run(OnnxNetwork network, TensorSpec input, TensorSpec output, float[] values, int batch,
            long[] inShape, long[] outShape, OrtSession.RunOptions runOptions) throws OrtException {
        int perIn = (int) (values.length / batch);
        int perOut = (int) Arrays.stream(outShape).reduce(1, (a, b) -> a * b);
        float[] out = new float[batch * perOut];
        for (int b = 0; b < batch; b++) {
            FloatBuffer slice = FloatBuffer.wrap(values, b * perIn, perIn).slice();
            try (OnnxTensor in = OnnxTensor.createTensor(network.environment(), slice, inShape);
                 OrtSession.Result result = network.run(Map.of(input.name(), in), runOptions)) {
                OnnxTensor produced = (OnnxTensor) result.get(output.name()).orElseThrow();
                long[] shape = produced.getInfo().getShape();
                if (!Arrays.equals(shape, outShape)) {
                    throw new IllegalStateException(network.role() + " returned shape " + Arrays.toString(shape)
                            + "; expected " + Arrays.toString(outShape));
                }
                produced.getFloatBuffer().get(out, b * perOut, perOut);
            }
        }
        return out;
    }
}
