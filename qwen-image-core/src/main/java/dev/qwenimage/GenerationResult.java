package dev.qwenimage;

import java.time.Duration;
import java.util.List;

/**
 * The images of one generation and how they were made. Immutable.
 *
 * @param images the images, one per batch entry
 * @param parameters the parameters the generation ran with
 * @param elapsed wall-clock time of the generation
 * @param timings where the time went: each network, and everything else
 */
public record GenerationResult(List<GeneratedImage> images, GenerationParameters parameters, Duration elapsed,
        Timings timings) {

    /**
     * Time inside each network (ONNX Runtime) of one generation; the rest of {@link #total()} is the SDK's own work
     * (tokenization, noise, scheduler steps, guidance, packing, image conversion).
     *
     * @param textEncoder time in the text encoder
     * @param transformer time in the transformer
     * @param vaeEncoder time in the VAE encoder (editing only)
     * @param vaeDecoder time in the VAE decoder
     * @param total wall-clock time of the generation
     */
    public record Timings(Duration textEncoder, Duration transformer, Duration vaeEncoder, Duration vaeDecoder,
            Duration total) {

        /** @return the time inside ONNX Runtime */
        public Duration networks() {
            return textEncoder.plus(transformer).plus(vaeEncoder).plus(vaeDecoder);
        }

        /** @return everything else: the SDK's own work */
        public Duration other() {
            return total.minus(networks());
        }
    }

    /**
     * Creates the value, checking it.
     *
     * @param images the images, one per batch entry
     * @param parameters the parameters the generation ran with
     * @param elapsed wall-clock time of the generation
     * @param timings where the time went
     */
    public GenerationResult {
        images = List.copyOf(images);
    }

    /** @return the first (often only) image */
    public GeneratedImage image() {
        return images.get(0);
    }
}
