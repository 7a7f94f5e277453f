package dev.qwenimage;

import dev.qwenimage.pipeline.RunContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancels generations from another thread. Pass it to {@link GenerationRequest.Builder#cancellation}; calling
 * {@link #cancel()} makes the generation throw {@link java.util.concurrent.CancellationException} within one step
 * (a network run in progress is terminated too) and releases its resources; the generator stays usable. One token may
 * serve several requests: cancelling it cancels all of them, including ones started later. Thread-safe.
 */
public final class CancellationToken {

    private final Set<RunContext> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /** Cancels every generation using this token, now and later. Idempotent. */
    public void cancel() {
        cancelled = true;
        for (RunContext c : running) {
            c.cancel();
        }
    }

    /** @return true once {@link #cancel()} was called */
    public boolean isCancelled() {
        return cancelled;
    }

    void attach(RunContext context) {
        running.add(context);
        if (cancelled) {
            context.cancel();
        }
    }

    void detach(RunContext context) {
        running.remove(context);
    }
}
