package dev.qwenimage.examples.inpaint;

import dev.qwenimage.GeneratedImage;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.editing.EditRequest;
import dev.qwenimage.editing.QwenImageEditor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Turns a red circle blue by inpainting, with the built-in qwen-image-micro model:
 * <ol>
 *   <li>generate "a large red circle in the center on a white background";</li>
 *   <li>mask the red pixels, grown by a few pixels so the repainted region covers the circle's soft edge;</li>
 *   <li>inpaint the mask with "a large blue circle in the center on a white background" at strength 1, pasting the
 *       source back outside the mask with a 2-pixel seam.</li>
 * </ol>
 * Run: {@code java -cp qwen-image-examples/target/qwen-image.jar dev.qwenimage.examples.inpaint.RecolorByInpainting OUT_DIR}
 */
public final class RecolorByInpainting {

    /** The images the example produces. */
    public record Result(GeneratedImage red, BufferedImage mask, GeneratedImage blue) {
    }

    private RecolorByInpainting() {
    }

    /**
     * Runs the example.
     *
     * @param generator a generator with the micro model
     * @param seed the seed of both generations
     * @return the red source, the mask and the recoloured image
     */
    public static Result run(QwenImageGenerator generator, long seed) {
        GeneratedImage red = generator.generate(GenerationRequest.builder()
                .prompt("a large red circle in the center on a white background").seed(seed).build()).image();
        BufferedImage mask = maskOf(red, 4);
        GeneratedImage blue = new QwenImageEditor(generator).edit(EditRequest.builder()
                .generation(GenerationRequest.builder()
                        .prompt("a large blue circle in the center on a white background").seed(seed).build())
                .source(red.toBufferedImage()).mask(mask).strength(1.0).pasteBack(2).build()).image();
        return new Result(red, mask, blue);
    }

    /**
     * A mask of the reddish pixels (red channel well above the others), grown by {@code grow} pixels.
     *
     * @param image the image
     * @param grow pixels to dilate by
     * @return a grayscale mask, white where red
     */
    public static BufferedImage maskOf(GeneratedImage image, int grow) {
        int w = image.width();
        int h = image.height();
        boolean[] red = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = image.pixel(x, y, 0);
                int g = image.pixel(x, y, 1);
                int b = image.pixel(x, y, 2);
                red[y * w + x] = r > 120 && r - g > 60 && r - b > 60;
            }
        }
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean on = false;
                for (int dy = -grow; dy <= grow && !on; dy++) {
                    for (int dx = -grow; dx <= grow && !on; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        on = yy >= 0 && yy < h && xx >= 0 && xx < w && dx * dx + dy * dy <= grow * grow && red[yy * w + xx];
                    }
                }
                mask.getRaster().setSample(x, y, 0, on ? 255 : 0);
            }
        }
        return mask;
    }

    /**
     * @param args the output folder (default: the working directory)
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        try (QwenImageGenerator generator = QwenImageGenerator.builder().build()) {
            Result r = run(generator, 3);
            r.red().save(dir.resolve("red.png"));
            ImageIO.write(r.mask(), "png", dir.resolve("mask.png").toFile());
            r.blue().save(dir.resolve("blue.png"));
            System.out.println("wrote red.png, mask.png and blue.png to " + dir.toAbsolutePath());
        }
    }
}
