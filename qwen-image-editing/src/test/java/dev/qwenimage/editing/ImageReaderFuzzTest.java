package dev.qwenimage.editing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutated PNG files as edit sources: an image or an IOException, never another exception. */
class ImageReaderFuzzTest {

    @TempDir
    Path temp;

    @Test
    void mutatedPngsAreReadOrRejected() throws IOException {
        byte[] valid;
        try (InputStream in = Fixtures.open("/fixtures/edit/img2img_s06/source.png")) {
            valid = in.readAllBytes();
        }
        Random r = new Random(11);
        int read = 0;
        int rejected = 0;
        Path file = temp.resolve("fuzz.png");
        for (int i = 0; i < 1500; i++) {
            byte[] b = valid.clone();
            if (r.nextBoolean()) {
                b = Arrays.copyOf(b, r.nextInt(b.length));
            } else {
                for (int k = 0; k < 1 + r.nextInt(6); k++) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            Files.write(file, b);
            try {
                EditRequest.builder().source(file);
                read++;
            } catch (IOException e) {
                assertThat(e.getMessage()).contains("fuzz.png");
                rejected++;
            }
        }
        assertThat(read + rejected).isEqualTo(1500);
        assertThat(rejected).isPositive();
    }
}
