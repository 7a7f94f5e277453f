package dev.qwenimage.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One network of a model folder, loaded into an ONNX Runtime session once and shared: ONNX Runtime sessions accept
 * concurrent {@code run} calls, so any number of threads may run it at once. Its inputs and outputs are checked
 * against the contract when it loads, so a mismatched export fails at load with the expected and the actual
 * signature, not deep inside a generation.
 *
 * <p>{@link #close()} waits for runs in progress, is idempotent, and after it every run fails with
 * {@link IllegalStateException}.
 */
public final class OnnxNetwork implements AutoCloseable {

    private final String role;
    private final Path file;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean batchOfOne;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private OnnxNetwork(String role, Path file, OrtEnvironment environment, OrtSession session, boolean batchOfOne) {
        this.batchOfOne = batchOfOne;
        this.role = role;
        this.file = file;
        this.environment = environment;
        this.session = session;
    }

    /**
     * Loads a network and checks its signature.
     *
     * @param role the network's role in the pipeline, for messages (for example {@code "transformer"})
     * @param file its {@code model.onnx}; external weights are read from the same folder
     * @param inputs the inputs the pipeline feeds, each of which the network must declare
     * @param outputs the outputs the pipeline reads, each of which the network must declare
     * @param plan where and how to run it
     * @return the loaded network
     * @throws InvalidModelException if the file is missing, not a loadable ONNX model, or its signature differs
     */
    public static OnnxNetwork load(String role, Path file, List<TensorSpec> inputs, List<TensorSpec> outputs,
            ExecutionPlan plan) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file, "missing: the " + role + " network (model.onnx) is required");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = plan.toSessionOptions()) {
            session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new InvalidModelException(file, "not a loadable ONNX model for the " + role + ": " + e.getMessage(), e);
        }
        boolean batchOfOne;
        try {
            check(role, file, "input", session.getInputInfo(), inputs);
            check(role, file, "output", session.getOutputInfo(), outputs);
            batchOfOne = declaresBatchOfOne(session.getOutputInfo(), outputs);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new InvalidModelException(file, "cannot read the " + role + "'s signature: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
        return new OnnxNetwork(role, file, env, session, batchOfOne);
    }

    /**
     * True if an output's leading (batch) dimension is declared as exactly 1: the export traced batch 1 into the
     * graph, which then fails on larger batches even though its inputs say the batch is dynamic.
     */
    private static boolean declaresBatchOfOne(Map<String, NodeInfo> actual, List<TensorSpec> outputs) {
        for (TensorSpec spec : outputs) {
            long[] shape = ((TensorInfo) actual.get(spec.name()).getInfo()).getShape();
            if (shape.length > 0 && shape[0] == 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true if the network was exported for batch 1 only, so a batch must be run one item at a time
     */
    public boolean batchOfOne() {
        return batchOfOne;
    }

    private static void check(String role, Path file, String kind, Map<String, NodeInfo> actual,
            List<TensorSpec> expected) {
        for (TensorSpec spec : expected) {
            NodeInfo info = actual.get(spec.name());
            if (info == null) {
                throw new InvalidModelException(file, "the " + role + " has no " + kind + " '" + spec.name()
                        + "'; expected " + expected + ", found " + describe(actual));
            }
            if (!(info.getInfo() instanceof TensorInfo)) {
                throw new InvalidModelException(file, "the " + role + "'s " + kind + " '" + spec.name()
                        + "' is not a tensor; expected " + spec);
            }
            TensorInfo t = (TensorInfo) info.getInfo();
            if (t.type != spec.type() || t.getShape().length != spec.rank()) {
                throw new InvalidModelException(file, "the " + role + "'s " + kind + " '" + spec.name()
                        + "' is " + describe(t) + "; expected " + spec);
            }
        }
    }

    private static String describe(Map<String, NodeInfo> infos) {
        StringBuilder sb = new StringBuilder("[");
        for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ');
            sb.append(e.getValue().getInfo() instanceof TensorInfo
                    ? describe((TensorInfo) e.getValue().getInfo()) : e.getValue().getInfo().toString());
        }
        return sb.append(']').toString();
    }

    private static String describe(TensorInfo t) {
        String type = t.type == OnnxJavaType.FLOAT ? "float32" : t.type.name().toLowerCase(java.util.Locale.ROOT);
        return type + java.util.Arrays.toString(t.getShape()).replace("-1", "?") + " (rank " + t.getShape().length + ")";
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing; the original error is the useful one
        }
    }

    /** @return the network's role in the pipeline */
    public String role() {
        return role;
    }

    /** @return the model file */
    public Path file() {
        return file;
    }

    /** @return the ONNX Runtime environment its tensors are created in */
    public OrtEnvironment environment() {
        return environment;
    }

    /**
     * Runs the network and returns all outputs; the caller closes the result.
     *
     * @param inputs the input tensors by name
     * @param runOptions run options (for cancellation), or {@code null}
     * @return the outputs
     * @throws OrtException if ONNX Runtime fails (including a run terminated through its run options)
     * @throws IllegalStateException if the network was closed
     */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs, OrtSession.RunOptions runOptions)
            throws OrtException {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return runOptions == null ? session.run(inputs) : session.run(inputs, runOptions);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Runs the network writing its outputs into tensors the caller owns (no output allocation).
     *
     * @param inputs the input tensors by name
     * @param outputs the output tensors to write, by name, of the exact output shapes
     * @param runOptions run options (for cancellation), or {@code null}
     * @throws OrtException if ONNX Runtime fails
     * @throws IllegalStateException if the network was closed
     */
    public void runInto(Map<String, ? extends OnnxTensorLike> inputs, Map<String, ? extends OnnxValue> outputs,
            OrtSession.RunOptions runOptions) throws OrtException {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            OrtSession.Result r = runOptions == null
                    ? session.run(inputs, java.util.Set.of(), outputs)
                    : session.run(inputs, java.util.Set.of(), outputs, runOptions);
            r.close();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the " + role + " network (" + file + ") has been closed");
        }
    }

    /** @return true once {@link #close()} has run */
    public boolean isClosed() {
        return closed;
    }

    /** Waits for runs in progress, then releases the session. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(session);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return role + " (" + file + ")";
    }
}
