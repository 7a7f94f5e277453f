package dev.qwenimage.preview;

import dev.qwenimage.GeneratedImage;
import java.util.List;

/** Receives latent previews during a generation, on the generating thread. */
@FunctionalInterface
public interface PreviewListener {

    /**
     * @param step the step just finished, 1-based
     * @param totalSteps the steps of the generation
     * @param previews one preview per image of the batch, at latent resolution (W/f × H/f)
     */
    void onPreview(int step, int totalSteps, List<GeneratedImage> previews);
}
