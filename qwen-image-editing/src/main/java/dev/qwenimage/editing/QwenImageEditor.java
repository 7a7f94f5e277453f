package dev.qwenimage.editing;

import dev.qwenimage.GeneratedImage;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.pipeline.LatentStart;
import dev.qwenimage.pipeline.QwenImagePipeline;
import dev.qwenimage.pipeline.StepCallback;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Edits images with a {@link QwenImageGenerator}'s model: image-to-image, inpainting and outpainting, following
 * diffusers' {@code QwenImageImg2ImgPipeline} and {@code QwenImageInpaintPipeline}. It runs the generator's own recipe
 * and denoising loop; only the start differs (the source encoded with the VAE encoder, normalized, packed, and noised
 * to the first kept step) and, for inpainting, the blend after each step. Thread-safe like the generator it wraps;
 * it owns nothing, so closing the generator is enough.
 *
 * <pre>{@code
 * QwenImageEditor editor = new QwenImageEditor(generator);
 * GenerationResult r = editor.edit(EditRequest.builder()
 *         .generation(GenerationRequest.builder().prompt("a blue circle").seed(1).build())
 *         .source(Path.of("in.png")).mask(Path.of("mask.png")).strength(1.0).build());
 * }</pre>
 */
public final class QwenImageEditor {

    private final QwenImageGenerator generator;

    /** @param generator the generator whose model edits (its folder needs {@code vae_encoder/model.onnx}) */
    public QwenImageEditor(QwenImageGenerator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /**
     * The first step an edit runs, as diffusers' {@code get_timesteps}: {@code int(max(N − min(N·strength, N), 0))}.
     *
     * @param steps N
     * @param strength 0 to 1
     * @return the first step; {@code steps} itself when no step remains
     */
    public static int firstStep(int steps, double strength) {
        double init = Math.min(steps * strength, steps);
        return (int) Math.max(steps - init, 0);
    }

    /**
     * Runs an edit. Everything that can be checked without a network is checked first: the mask's size, the margins,
     * the target size, and that the strength leaves at least one step.
     *
     * @param request the edit
     * @return the edited images and the parameters used
     * @throws IllegalArgumentException for an input that does not fit (mask of another size, a mask that selects
     *     nothing, margins not multiples of 2 × the VAE factor, a size change that distorts, no step left)
     */
    public GenerationResult edit(EditRequest request) {
        Prepared p = prepare(request);
        return run(request, p);
    }

    /**
     * The noise an edit adds to the source latents, [B, C, h, w]: its explicit noise, or what its seed draws. Lets
     * users save and check a seed's noise (the CLI's {@code --save-initial-noise}).
     *
     * @param request an edit with a seed or explicit noise
     * @return the noise
     */
    public dev.qwenimage.io.NpyArray initialNoise(EditRequest request) {
        Prepared p = prepare(request);
        return generator.initialNoise(request.generation().toBuilder().size(p.width, p.height).build());
    }

    /** An edit checked and converted, before any network runs. */
    private static final class Prepared {
        int width;
        int height;
        int[] rgb;
        int[] mask;
        boolean[] repaint;
        LatentGrid grid;
        int first;
    }

    private Prepared prepare(EditRequest request) {
        Objects.requireNonNull(request, "request");
        QwenImagePipeline pipeline = generator.pipeline();
        GenerationRequest g = request.generation();
        int multiple = 2 * pipeline.folder().vae().scaleFactor();

        // 1. The canvas and mask at source resolution.
        BufferedImage source = request.source();
        int width = source.getWidth();
        int height = source.getHeight();
        int[] rgb = SourceImages.rgb(source);
        int[] mask = null;
        switch (request.kind()) {
            case INPAINT: {
                BufferedImage m = request.mask().orElseThrow();
                if (m.getWidth() != width || m.getHeight() != height) {
                    throw new IllegalArgumentException("the mask is " + m.getWidth() + "x" + m.getHeight()
                            + " but the source is " + width + "x" + height + "; they must have the same size");
                }
                mask = SourceImages.gray(m);
                break;
            }
            case OUTPAINT: {
                Margins margins = request.margins().orElseThrow();
                margins.requireMultipleOf(multiple);
                int cw = width + margins.left() + margins.right();
                int ch = height + margins.top() + margins.bottom();
                int[] canvas = new int[cw * ch * 3];
                java.util.Arrays.fill(canvas, 128);
                mask = new int[cw * ch];
                java.util.Arrays.fill(mask, 255);
                for (int y = 0; y < height; y++) {
                    System.arraycopy(rgb, y * width * 3, canvas, ((y + margins.top()) * cw + margins.left()) * 3, width * 3);
                    java.util.Arrays.fill(mask, (y + margins.top()) * cw + margins.left(),
                            (y + margins.top()) * cw + margins.left() + width, 0);
                }
                rgb = canvas;
                width = cw;
                height = ch;
                break;
            }
            default:
        }

        // 2. The target size: the request's, or the canvas's; resized like diffusers when they differ.
        int targetWidth = g.width().orElse(width);
        int targetHeight = g.height().orElse(height);
        if (targetWidth != width || targetHeight != height) {
            double from = (double) width / height;
            double to = (double) targetWidth / targetHeight;
            if (Math.abs(to - from) / from > 0.01) {
                throw new IllegalArgumentException("the request's size " + targetWidth + "x" + targetHeight
                        + " would distort the " + width + "x" + height + " source (aspect ratio " + String.format("%.3f", from)
                        + " vs " + String.format("%.3f", to) + "); crop the source or ask for its aspect ratio");
            }
            rgb = LanczosResampler.resize(rgb, width, height, 3, targetWidth, targetHeight);
            if (mask != null) {
                mask = LanczosResampler.resize(mask, width, height, 1, targetWidth, targetHeight);
            }
        }
        LatentGrid grid = pipeline.grid(targetWidth, targetHeight);
        boolean[] repaint = null;
        if (mask != null) {
            repaint = new boolean[mask.length];
            boolean any = false;
            for (int i = 0; i < mask.length; i++) {
                repaint[i] = mask[i] >= 128;
                any |= repaint[i];
            }
            if (!any) {
                throw new IllegalArgumentException("the mask selects no pixel (every value is below 128): white marks "
                        + "what to repaint");
            }
        }

        // 3. The schedule's first step.
        int steps = g.steps().orElse(generator.defaults().steps());
        double strength = request.effectiveStrength();
        int first = firstStep(steps, strength);
        if (steps - first < 1) {
            throw new IllegalArgumentException("strength " + strength + " with " + steps + " steps leaves no denoising "
                    + "step (the first kept step is int(N - N·strength) = " + first + "); use a strength above 0");
        }

        Prepared p = new Prepared();
        p.width = targetWidth;
        p.height = targetHeight;
        p.rgb = rgb;
        p.mask = mask;
        p.repaint = repaint;
        p.grid = grid;
        p.first = first;
        return p;
    }

    private GenerationResult run(EditRequest request, Prepared p) {
        QwenImagePipeline pipeline = generator.pipeline();
        GenerationRequest g = request.generation();
        int targetWidth = p.width;
        int targetHeight = p.height;
        int[] rgb = p.rgb;
        int[] mask = p.mask;
        boolean[] repaint = p.repaint;
        LatentGrid grid = p.grid;
        int first = p.first;
        // 4. Run the generator's recipe from the noised source.
        float[] pixels = SourceImages.toVaeInput(rgb, targetWidth, targetHeight);
        float[] latentMask = mask == null ? null
                : SourceImages.latentMask(mask, targetWidth, targetHeight, grid.width(), grid.height());
        LatentStart start = context -> {
            int batch = context.batch();
            float[] encoded = pipeline.encodeImage(pixels, 1, grid, context.run());
            float[] sourceLatents = pipeline.pack(repeat(encoded, batch), batch, grid);
            float[] noise = pipeline.pack(context.noise(), batch, grid);
            float[] latents = new float[sourceLatents.length];
            context.schedule().addNoise(sourceLatents, noise, first, latents);
            List<StepCallback> callbacks = new ArrayList<>();
            if (latentMask != null) {
                float[] channels = new float[grid.valuesPerImage()];
                int plane = grid.height() * grid.width();
                for (int c = 0; c < grid.channels(); c++) {
                    System.arraycopy(latentMask, 0, channels, c * plane, plane);
                }
                float[] packedMask = pipeline.pack(repeat(channels, batch), batch, grid);
                callbacks.add(new MaskBlend(context.schedule(), sourceLatents, noise, packedMask));
            }
            return new LatentStart.Start(first, latents, callbacks);
        };
        GenerationResult result = generator.generate(g.toBuilder().size(targetWidth, targetHeight).build(), start);

        // 5. Optionally paste the source back outside the mask.
        if (request.pasteBackFeather().isEmpty() || repaint == null) {
            return result;
        }
        List<GeneratedImage> pasted = new ArrayList<>();
        for (GeneratedImage image : result.images()) {
            float[] values = image.rgb();
            PasteBack.apply(values, rgb, repaint, targetWidth, targetHeight, request.pasteBackFeather().getAsInt());
            pasted.add(new GeneratedImage(targetWidth, targetHeight, values, image.parameters().orElse(null)));
        }
        return new GenerationResult(pasted, result.parameters(), result.elapsed(), result.timings());
    }

    private static float[] repeat(float[] one, int times) {
        if (times == 1) {
            return one;
        }
        float[] out = new float[one.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        return out;
    }
}
