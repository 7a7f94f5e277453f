package dev.qwenimage.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/**
 * The context of one generation: its cancellation and the time it spends inside each network.
 *
 * <p>Cancels one generation from any thread: {@link #cancel()} stops it before the next step and also terminates a
 * network run already in progress (through ONNX Runtime's run options), so a cancelled generation ends within one
 * step. An optional deadline cancels it when the time is up. Owns native run options: close it after the generation.
 */
public final class RunContext implements AutoCloseable {

    private final OrtSession.RunOptions runOptions;
    private final Instant deadline;
    private volatile String reason;
    private final long[] networkNanos = new long[Network.values().length];

    /** The networks whose time is accounted. */
    public enum Network {
        /** The text encoder. */
        TEXT_ENCODER,
        /** The transformer (all its runs, with and without the negative prompt). */
        TRANSFORMER,
        /** The VAE encoder. */
        VAE_ENCODER,
        /** The VAE decoder. */
        VAE_DECODER
    }

    /**
     * @param deadline when the generation must stop, or {@code null} for none
     */
    public RunContext(Instant deadline) {
        try {
            this.runOptions = new OrtSession.RunOptions();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create ONNX Runtime run options: " + e.getMessage(), e);
        }
        this.deadline = deadline;
    }

    /** Asks the generation to stop. Safe from any thread; idempotent. */
    public void cancel() {
        cancel("cancelled");
    }

    /**
     * Asks the generation to stop, saying why.
     *
     * @param why the reason, for the {@link CancellationException}'s message
     */
    public void cancelBecause(String why) {
        cancel(why);
    }

    private synchronized void cancel(String why) {
        if (reason != null) {
            return;
        }
        reason = why;
        try {
            runOptions.setTerminate(true);
        } catch (OrtException | IllegalStateException e) {
            // the run options are already closed: the generation has ended
        }
    }

    /** @return true once cancelled or past the deadline */
    public boolean isCancelled() {
        if (reason == null && deadline != null && Instant.now().isAfter(deadline)) {
            cancel("deadline " + deadline + " passed");
        }
        return reason != null;
    }

    /**
     * Throws {@link CancellationException} if cancelled.
     *
     * @param where what was about to happen, for the message
     */
    public void throwIfCancelled(String where) {
        if (isCancelled()) {
            throw new CancellationException("generation " + reason + " " + where);
        }
    }

    /** @return the ONNX Runtime run options every network run of the generation uses */
    public OrtSession.RunOptions runOptions() {
        return runOptions;
    }

    /**
     * Wraps an ONNX Runtime failure: a terminated run becomes a {@link CancellationException}.
     *
     * @param e the failure
     * @param where what was running
     * @return the exception to throw
     */
    public RuntimeException translate(OrtException e, String where) {
        if (isCancelled()) {
            CancellationException c = new CancellationException("generation " + reason + " during " + where);
            c.initCause(e);
            return c;
        }
        return new IllegalStateException("ONNX Runtime failed in " + where + ": " + e.getMessage(), e);
    }

    /**
     * Accounts time spent inside a network (called on the generating thread).
     *
     * @param network the network
     * @param nanos the time in nanoseconds
     */
    public void addNetworkTime(Network network, long nanos) {
        networkNanos[network.ordinal()] += nanos;
    }

    /**
     * @param network a network
     * @return the time spent inside it so far, in nanoseconds
     */
    public long networkNanos(Network network) {
        return networkNanos[network.ordinal()];
    }

    @Override
    public synchronized void close() {
        runOptions.close();
    }
}
