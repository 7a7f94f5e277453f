package dev.qwenimage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.QwenImageGenerator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * 200 consecutive generations with the micro model keep heap and native memory flat: resident set size (native +
 * heap) and heap after GC are compared between generation 20 (after warm-up) and generation 200.
 */
class MemoryStabilityTest {

    @Test
    void twoHundredGenerationsKeepMemoryFlat() throws IOException {
        try (QwenImageGenerator generator = QwenImageGenerator.builder().build()) {
            GenerationRequest.Builder request = GenerationRequest.builder()
                    .prompt("a small yellow square on the left on a black background").steps(4);
            long[] rss = new long[2];
            long[] heap = new long[2];
            for (int i = 1; i <= 200; i++) {
                generator.generate(request.seed(i).build());
                if (i == 20 || i == 200) {
                    int k = i == 20 ? 0 : 1;
                    System.gc();
                    heap[k] = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    rss[k] = residentKiB();
                }
            }
            System.out.printf("after 20 generations: RSS %d MiB, heap %d MiB; after 200: RSS %d MiB, heap %d MiB "
                    + "(growth RSS %+d KiB, heap %+d KiB)%n", rss[0] / 1024, heap[0] >> 20, rss[1] / 1024, heap[1] >> 20,
                    rss[1] - rss[0], (heap[1] - heap[0]) >> 10);
            assertThat(heap[1] - heap[0]).as("heap growth in bytes").isLessThan(32L << 20);
            if (rss[0] > 0) {
                assertThat(rss[1] - rss[0]).as("RSS growth in KiB").isLessThan(128 * 1024);
            }
        }
    }

    /** VmRSS from /proc (Linux); 0 elsewhere. */
    static long residentKiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
