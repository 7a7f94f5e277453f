package dev.qwenimage.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qwenimage.GenerationRequest;
import dev.qwenimage.GenerationResult;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One generator shared by 8 threads gives every request exactly the image it gives alone. */
class ConcurrencyTest {

    static GenerationRequest request(int i) {
        GenerationRequest.Builder b = GenerationRequest.builder().prompt("request number " + i + ", a red fox")
                .size(i % 2 == 0 ? 32 : 64, 32).steps(3 + i % 3).seed(1000 + i);
        if (i % 3 == 0) {
            b.noNegativePrompt().guidanceScale(1);
        } else {
            b.negativePrompt("blurry " + i).guidanceScale(2 + i % 4);
        }
        return b.build();
    }

    @Test
    void eightThreadsGetTheirLoneImages() throws Exception {
        int threads = 8;
        int requests = 24;
        try (QwenImageGenerator generator = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build()) {
            List<float[]> alone = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                alone.add(generator.generate(request(i)).image().rgb());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<GenerationResult>> futures = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> {
                        start.await();
                        return generator.generate(request(n));
                    }));
                }
                start.countDown();
                for (int i = 0; i < requests; i++) {
                    assertThat(futures.get(i).get().image().rgb()).as("request %d", i).containsExactly(alone.get(i));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
