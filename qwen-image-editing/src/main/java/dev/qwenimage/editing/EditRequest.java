package dev.qwenimage.editing;

import dev.qwenimage.GenerationRequest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import javax.imageio.ImageIO;

/**
 * An edit of a source image. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li><b>Image-to-image</b> (no mask, no margins): the source is noised to {@code strength} and denoised towards the
 *       prompt (diffusers' {@code QwenImageImg2ImgPipeline}); default strength 0.6.</li>
 *   <li><b>Inpainting</b> ({@link Builder#mask}): only where the mask is white is repainted (diffusers'
 *       {@code QwenImageInpaintPipeline}); default strength 0.6. Masks are converted to grayscale and binarized at
 *       50%: values of 128 and above repaint, below 128 keep, so soft-edged masks work as their thresholded shape.
 *       A mask must have the source's size.</li>
 *   <li><b>Outpainting</b> ({@link Builder#outpaint}): the canvas is extended by the margins, the new area filled with
 *       mid grey (128) and inpainted; default strength 1.0. Margins must be multiples of 2 × the VAE factor.</li>
 * </ul>
 *
 * <p>Sizes: a request without a size edits at the source's (or extended canvas's) size, which must then be a multiple
 * of 2 × the VAE factor. A request with a different size resizes the source and mask with Pillow's Lanczos filter, as
 * diffusers does, if the aspect ratio is kept (within 1%); a change of aspect ratio would distort the image, and is
 * rejected.
 *
 * <p>The generation parameters (prompt, negative prompt, steps, guidance, seed, batch, listeners) come from a
 * {@link GenerationRequest}; its initial noise, if given, is the noise added to the source latents.
 */
public final class EditRequest {

    /** What an edit does. */
    public enum Kind {
        /** Image-to-image. */
        IMAGE_TO_IMAGE,
        /** Inpainting with a mask. */
        INPAINT,
        /** Outpainting onto an extended canvas. */
        OUTPAINT
    }

    private final GenerationRequest generation;
    private final BufferedImage source;
    private final BufferedImage mask;
    private final Margins margins;
    private final Double strength;
    private final Integer pasteBackFeather;

    private EditRequest(Builder b) {
        this.generation = b.generation;
        this.source = b.source;
        this.mask = b.mask;
        this.margins = b.margins;
        this.strength = b.strength;
        this.pasteBackFeather = b.pasteBackFeather;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the generation parameters */
    public GenerationRequest generation() {
        return generation;
    }

    /** @return the source image (not copied: do not modify it while the edit runs) */
    public BufferedImage source() {
        return source;
    }

    /** @return the inpainting mask, if any */
    public Optional<BufferedImage> mask() {
        return Optional.ofNullable(mask);
    }

    /** @return the outpainting margins, if any */
    public Optional<Margins> margins() {
        return Optional.ofNullable(margins);
    }

    /** @return what the edit does */
    public Kind kind() {
        return mask != null ? Kind.INPAINT : margins != null ? Kind.OUTPAINT : Kind.IMAGE_TO_IMAGE;
    }

    /** @return the strength, if set; otherwise 0.6, or 1.0 for outpainting */
    public OptionalDouble strength() {
        return strength == null ? OptionalDouble.empty() : OptionalDouble.of(strength);
    }

    /** @return the strength the edit uses */
    public double effectiveStrength() {
        return strength != null ? strength : kind() == Kind.OUTPAINT ? 1.0 : 0.6;
    }

    /** @return the paste-back seam width in pixels, if the source's pixels are pasted back outside the mask */
    public OptionalInt pasteBackFeather() {
        return pasteBackFeather == null ? OptionalInt.empty() : OptionalInt.of(pasteBackFeather);
    }

    /** Builds an {@link EditRequest}. */
    public static final class Builder {
        private GenerationRequest generation;
        private BufferedImage source;
        private BufferedImage mask;
        private Margins margins;
        private Double strength;
        private Integer pasteBackFeather;

        private Builder() {
        }

        /**
         * @param generation prompt and generation parameters
         * @return this builder
         */
        public Builder generation(GenerationRequest generation) {
            this.generation = Objects.requireNonNull(generation, "generation");
            return this;
        }

        /**
         * @param source the image to edit
         * @return this builder
         */
        public Builder source(BufferedImage source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param file a PNG, JPEG, BMP or GIF file
         * @return this builder
         * @throws IOException if it cannot be read as an image
         */
        public Builder source(Path file) throws IOException {
            return source(read(file, "source"));
        }

        /**
         * @param mask white where to repaint, black where to keep; the source's size
         * @return this builder
         */
        public Builder mask(BufferedImage mask) {
            this.mask = Objects.requireNonNull(mask, "mask");
            return this;
        }

        /**
         * @param file the mask image file
         * @return this builder
         * @throws IOException if it cannot be read as an image
         */
        public Builder mask(Path file) throws IOException {
            return mask(read(file, "mask"));
        }

        /**
         * @param margins how far to extend the canvas
         * @return this builder
         */
        public Builder outpaint(Margins margins) {
            this.margins = Objects.requireNonNull(margins, "margins");
            return this;
        }

        /**
         * @param strength how much of the schedule to run, 0 (keep the source) to 1 (from pure noise)
         * @return this builder
         * @throws IllegalArgumentException outside [0, 1]
         */
        public Builder strength(double strength) {
            if (!(strength >= 0 && strength <= 1)) {
                throw new IllegalArgumentException("strength must be between 0 and 1, got " + strength);
            }
            this.strength = strength;
            return this;
        }

        /**
         * Pastes the source's pixels back outside the mask (inpainting and outpainting).
         *
         * @param featherPixels the width of the blended seam, 0 for a hard edge
         * @return this builder
         */
        public Builder pasteBack(int featherPixels) {
            if (featherPixels < 0 || featherPixels > 512) {
                throw new IllegalArgumentException("paste-back feather must be 0 to 512 pixels, got " + featherPixels);
            }
            this.pasteBackFeather = featherPixels;
            return this;
        }

        /**
         * @return the request
         * @throws IllegalStateException if the generation parameters or the source are missing, or both a mask and
         *     margins were given
         */
        public EditRequest build() {
            if (generation == null) {
                throw new IllegalStateException("generation parameters are required: .generation(GenerationRequest...)");
            }
            if (source == null) {
                throw new IllegalStateException("a source image is required: .source(...)");
            }
            if (mask != null && margins != null) {
                throw new IllegalStateException("give a mask (inpainting) or outpaint margins, not both");
            }
            if (pasteBackFeather != null && mask == null && margins == null) {
                throw new IllegalStateException("paste-back needs a mask or outpaint margins: image-to-image has no "
                        + "region to keep");
            }
            return new EditRequest(this);
        }

        private static BufferedImage read(Path file, String what) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new java.nio.file.NoSuchFileException(file.toString(), null, what + " image not found");
            }
            BufferedImage image;
            try {
                image = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                // ImageIO's decoders throw unchecked exceptions on some corrupt files, and IIOExceptions that do not
                // name the file: report both as an unreadable image of this file.
                throw new IOException(file + ": not a valid " + what + " image (" + e.getMessage() + ")", e);
            }
            if (image == null) {
                throw new IOException(file + ": not an image this JVM can read (PNG, JPEG, BMP, GIF)");
            }
            return image;
        }
    }
}
