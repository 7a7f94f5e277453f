package dev.qwenimage;

import java.time.Duration;
import java.util.List;

/**
 * The images of one generation and how they were made. Immutable.
 *
 * @param images the images, one per batch entry
 * @param parameters the parameters the generation ran with
 * @param elapsed wall-clock time of the generation
 */
public record GenerationResult(List<GeneratedImage> images, GenerationParameters parameters, Duration elapsed) {

    /** Copies the image list. */
    public GenerationResult {
        images = List.copyOf(images);
    }

    /** @return the first (often only) image */
    public GeneratedImage image() {
        return images.get(0);
    }
}
