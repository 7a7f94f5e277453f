package dev.qwenimage.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/**
 * Cancels one generation from any thread: {@link #cancel()} stops it before the next step and also terminates a
 * network run already in progress (through ONNX Runtime's run options), so a cancelled generation ends within one
 * step. An optional deadline cancels it when the time is up. Owns native run options: close it after the generation.
 */
public final class Cancellation implements AutoCloseable {

    private final OrtSession.RunOptions runOptions;
    private final Instant deadline;
    private volatile String reason;

    /**
     * @param deadline when the generation must stop, or {@code null} for none
     */
    public Cancellation(Instant deadline) {
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

    @Override
    public synchronized void close() {
        runOptions.close();
    }
}
