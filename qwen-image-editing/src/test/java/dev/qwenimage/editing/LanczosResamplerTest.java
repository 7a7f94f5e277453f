package dev.qwenimage.editing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Resizing and grayscale conversion match Pillow 9.4 exactly ({@code fixtures/lanczos}, made by make_reference.py
 * there), which is what diffusers' image processors use.
 */
class LanczosResamplerTest {

    static BufferedImage png(String name) throws IOException {
        try (InputStream in = Fixtures.open("/fixtures/lanczos/" + name)) {
            return ImageIO.read(in);
        }
    }

    @ParameterizedTest
    @CsvSource({"64,40,rgb_64x40.png", "16,10,rgb_16x10.png", "37,12,rgb_37x12.png"})
    void rgbResizeMatchesPillow(int w, int h, String reference) throws IOException {
        BufferedImage src = png("source_rgb.png");
        int[] out = LanczosResampler.resize(SourceImages.rgb(src), src.getWidth(), src.getHeight(), 3, w, h);
        assertThat(out).containsExactly(SourceImages.rgb(png(reference)));
    }

    @Test
    void grayConversionAndResizeMatchPillow() throws IOException {
        BufferedImage src = png("source_rgb.png");
        int[] gray = SourceImages.gray(src);
        assertThat(gray).containsExactly(SourceImages.gray(png("gray_from_rgb.png")));
        int[] out = LanczosResampler.resize(gray, src.getWidth(), src.getHeight(), 1, 20, 31);
        assertThat(out).containsExactly(SourceImages.gray(png("gray_20x31.png")));
    }
}
