package dev.qwenimage.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad editing inputs fail before any network runs, with a message that names the problem. */
class EditBadInputTest {

    static QwenImageGenerator generator;
    static QwenImageEditor editor;
    static BufferedImage source;

    @BeforeAll
    static void load() throws IOException {
        generator = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
        editor = new QwenImageEditor(generator);
        try (InputStream in = Fixtures.open("/fixtures/edit/inpaint_s1/source.png")) {
            source = ImageIO.read(in);
        }
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    static GenerationRequest.Builder gen() {
        return GenerationRequest.builder().prompt("a golden gift box").steps(4).guidanceScale(1).seed(1300);
    }

    static BufferedImage mask(int w, int h, int value, int x0, int y0, int x1, int y1, int inside) {
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = x >= x0 && x < x1 && y >= y0 && y < y1;
                m.getRaster().setSample(x, y, 0, in ? inside : value);
            }
        }
        return m;
    }

    @Test
    void maskOfAnotherSize() {
        EditRequest r = EditRequest.builder().generation(gen().build()).source(source)
                .mask(mask(32, 32, 0, 0, 0, 16, 16, 255)).build();
        assertThatThrownBy(() -> editor.edit(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask is 32x32").hasMessageContaining("source is 64x64");
    }

    @Test
    void greyMasksAreBinarizedAtHalf() throws IOException {
        // 127 keeps and 128 repaints: a grey mask gives exactly the image of its thresholded black-and-white version.
        BufferedImage grey = mask(64, 64, 127, 16, 16, 48, 40, 128);
        BufferedImage binary = mask(64, 64, 0, 16, 16, 48, 40, 255);
        GenerationResult a = editor.edit(EditRequest.builder().generation(gen().build()).source(source).mask(grey)
                .strength(1.0).build());
        GenerationResult b = editor.edit(EditRequest.builder().generation(gen().build()).source(source).mask(binary)
                .strength(1.0).build());
        assertThat(a.image().rgb()).containsExactly(b.image().rgb());
        try (InputStream in = Fixtures.open("/fixtures/edit/inpaint_s1/mask.png")) {
            BufferedImage fixtureMask = ImageIO.read(in);
            GenerationResult c = editor.edit(EditRequest.builder().generation(gen().build()).source(source)
                    .mask(fixtureMask).strength(1.0).build());
            assertThat(c.image().rgb()).containsExactly(b.image().rgb());
        }
    }

    @Test
    void aMaskThatSelectsNothing() {
        EditRequest r = EditRequest.builder().generation(gen().build()).source(source)
                .mask(mask(64, 64, 0, 0, 0, 0, 0, 0)).build();
        assertThatThrownBy(() -> editor.edit(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("selects no pixel");
    }

    @Test
    void strengthOutsideZeroToOne() {
        assertThatThrownBy(() -> EditRequest.builder().strength(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> EditRequest.builder().strength(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EditRequest.builder().strength(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strengthSoSmallThatNoStepRemains() {
        // diffusers truncates N - N·strength, so any strength above 0 keeps at least one step; 0 keeps none.
        EditRequest r = EditRequest.builder().generation(gen().build()).source(source).strength(0.0).build();
        assertThatThrownBy(() -> editor.edit(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strength 0.0 with 4 steps leaves no denoising step");
        assertThat(QwenImageEditor.firstStep(4, 0.01)).isEqualTo(3);
        assertThat(QwenImageEditor.firstStep(5, 0.6)).isEqualTo(2);
        assertThat(QwenImageEditor.firstStep(4, 0.9)).isEqualTo(0);
        assertThat(QwenImageEditor.firstStep(4, 0.25)).isEqualTo(3);
    }

    @Test
    void outpaintMarginsNegativeOrMisaligned() {
        assertThatThrownBy(() -> new Margins(-8, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Margins.parse("8,0,x,0")).isInstanceOf(IllegalArgumentException.class);
        EditRequest r = EditRequest.builder().generation(gen().build()).source(source).outpaint(new Margins(0, 0, 12, 0)).build();
        assertThatThrownBy(() -> editor.edit(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiples of 8");
    }

    @Test
    void maskAndMarginsTogether() {
        assertThatThrownBy(() -> EditRequest.builder().generation(gen().build()).source(source)
                .mask(mask(64, 64, 0, 0, 0, 8, 8, 255)).outpaint(new Margins(8, 0, 0, 0)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }

    @Test
    void aSizeChangeThatWouldDistort() {
        EditRequest r = EditRequest.builder().generation(gen().size(64, 32).build()).source(source).build();
        assertThatThrownBy(() -> editor.edit(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distort");
    }

    @Test
    void aSizeChangeKeepingTheAspectRatioResizesLikeDiffusers() {
        GenerationResult r = editor.edit(EditRequest.builder().generation(gen().size(32, 32).build()).source(source)
                .strength(0.5).build());
        assertThat(r.image().width()).isEqualTo(32);
        assertThat(r.image().height()).isEqualTo(32);
    }

    @Test
    void pasteBackKeepsEveryPixelOutsideTheMask() {
        BufferedImage m = mask(64, 64, 0, 16, 16, 48, 40, 255);
        GenerationResult r = editor.edit(EditRequest.builder().generation(gen().build()).source(source).mask(m)
                .strength(1.0).pasteBack(0).build());
        int[] src = SourceImages.rgb(source);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean inside = x >= 16 && x < 48 && y >= 16 && y < 40;
                if (!inside) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(r.image().pixel(x, y, c)).isEqualTo(src[(y * 64 + x) * 3 + c]);
                    }
                }
            }
        }
        float[] alpha = PasteBack.alpha(new boolean[] {true, false, false, false, false}, 5, 1, 3);
        assertThat(alpha).containsExactly(new float[] {1f, 2f / 3, 1f / 3, 0f, 0f}, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
