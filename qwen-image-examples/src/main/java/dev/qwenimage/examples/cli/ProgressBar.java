package dev.qwenimage.examples.cli;

import dev.qwenimage.pipeline.StepListener;
import java.io.PrintWriter;

/** A one-line terminal progress bar with the step count, elapsed time and an ETA. */
final class ProgressBar implements StepListener {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private boolean drawn;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onStep(Progress p) {
        int filled = (int) Math.round(p.fraction() * WIDTH);
        err.printf("\r[%s%s] %d/%d  %.1fs elapsed, ETA %.1fs ", "#".repeat(filled), " ".repeat(WIDTH - filled),
                p.step(), p.totalSteps(), p.elapsed().toMillis() / 1000.0, p.eta().toMillis() / 1000.0);
        err.flush();
        drawn = true;
    }

    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
