package dev.qwenimage.examples.inpaint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.testing.ShapePalette;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The red circle becomes blue inside the mask, and nothing changes outside it. */
class RecolorByInpaintingTest {

    @ParameterizedTest
    @ValueSource(longs = {3, 7})
    void theCircleTurnsBlueAndTheRestStays(long seed) {
        try (QwenImageGenerator generator = QwenImageGenerator.builder().build()) {
            RecolorByInpainting.Result r = RecolorByInpainting.run(generator, seed);
            int w = r.blue().width();
            int h = r.blue().height();
            int inside = 0;
            int blueInside = 0;
            int redInside = 0;
            int outside = 0;
            int unchangedOutside = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean masked = r.mask().getRaster().getSample(x, y, 0) >= 128;
                    String before = ShapePalette.nearest(r.red().pixel(x, y, 0), r.red().pixel(x, y, 1), r.red().pixel(x, y, 2));
                    String after = ShapePalette.nearest(r.blue().pixel(x, y, 0), r.blue().pixel(x, y, 1), r.blue().pixel(x, y, 2));
                    if (masked) {
                        inside++;
                        blueInside += after.equals("blue") ? 1 : 0;
                        redInside += after.equals("red") ? 1 : 0;
                    } else {
                        outside++;
                        unchangedOutside += after.equals(before) ? 1 : 0;
                    }
                }
            }
            double redBefore = ShapePalette.fraction(r.red(), "red");
            System.out.printf("seed %d: red before %.3f; mask %d px: blue %.3f, red %.3f; outside unchanged %.4f%n",
                    seed, redBefore, inside, (double) blueInside / inside, (double) redInside / inside,
                    (double) unchangedOutside / outside);
            assertThat(redBefore).as("the source has a red circle").isGreaterThan(0.05);
            assertThat((double) blueInside / inside).as("blue inside the mask").isGreaterThan(0.5);
            assertThat((double) redInside / inside).as("red left inside the mask").isLessThan(0.1);
            assertThat((double) unchangedOutside / outside).as("unchanged outside the mask").isGreaterThan(0.97);
        }
    }
}
