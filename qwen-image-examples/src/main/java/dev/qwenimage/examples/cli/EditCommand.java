package dev.qwenimage.examples.cli;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.editing.EditRequest;
import dev.qwenimage.editing.Margins;
import dev.qwenimage.editing.QwenImageEditor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edit}: image-to-image, inpainting and outpainting. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit an image: image-to-image, or inpainting with --mask, or outpainting with --outpaint.")
final class EditCommand implements Callable<Integer> {

    @Mixin
    GenerationOptions options;

    @Option(names = "--image", required = true, paramLabel = "SRC.png", description = "The image to edit.")
    Path image;

    @ArgGroup(exclusive = true)
    Region region;

    static final class Region {
        @Option(names = "--mask", paramLabel = "MASK.png", description = "Inpaint where the mask is white (values >= 128); the source's size.")
        Path mask;

        @Option(names = "--outpaint", paramLabel = "L,T,R,B", description = "Extend the canvas by these pixels (multiples of 2 × the VAE factor) and fill them.")
        String outpaint;
    }

    @Option(names = "--strength", description = "How much of the schedule to run, 0 to 1. Default 0.6 (outpainting 1.0).")
    Double strength;

    @Option(names = "--paste-back", paramLabel = "FEATHER_PX", description = "Paste the source back outside the mask, with a seam of this many pixels.")
    Integer pasteBack;

    @Override
    public Integer call() throws Exception {
        try (QwenImageGenerator generator = options.generator()) {
            GenerationRequest request = options.request();
            EditRequest.Builder edit = EditRequest.builder().generation(request).source(image);
            if (region != null && region.mask != null) {
                edit.mask(region.mask);
            } else if (region != null && region.outpaint != null) {
                edit.outpaint(Margins.parse(region.outpaint));
            }
            if (strength != null) {
                edit.strength(strength);
            }
            if (pasteBack != null) {
                edit.pasteBack(pasteBack);
            }
            EditRequest built = edit.build();
            QwenImageEditor editor = new QwenImageEditor(generator);
            if (options.saveInitialNoise != null) {
                editor.initialNoise(built).write(options.saveInitialNoise);
            }
            options.write(editor.edit(built));
        }
        return 0;
    }
}
