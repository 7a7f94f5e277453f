package dev.qwenimage.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qwenimage.CancellationToken;
import dev.qwenimage.GenerationRequest;
import dev.qwenimage.QwenImageGenerator;
import dev.qwenimage.testing.Fixtures;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancellation, deadlines and closing stop a generation within one step and leave the generator usable. */
class CancellationTest {

    static QwenImageGenerator generator;

    @BeforeAll
    static void load() {
        generator = QwenImageGenerator.builder().build();
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    static GenerationRequest.Builder micro() {
        return GenerationRequest.builder().prompt("a large red circle in the center on a blue background").seed(0);
    }

    @Test
    void cancellingFromAnotherThreadStopsWithinOneStep() throws Exception {
        CancellationToken token = new CancellationToken();
        AtomicInteger stepsAfterCancel = new AtomicInteger();
        CountDownLatch thirdStep = new CountDownLatch(1);
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> generator.generate(micro().cancellation(token)
                .listener(p -> {
                    if (token.isCancelled()) {
                        stepsAfterCancel.incrementAndGet();
                    }
                    if (p.step() == 3) {
                        thirdStep.countDown();
                    }
                }).build()));
        assertThat(thirdStep.await(30, TimeUnit.SECONDS)).isTrue();
        token.cancel();
        assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        assertThat(stepsAfterCancel.get()).as("steps finished after cancel()").isLessThanOrEqualTo(1);
        // the generator is still usable
        assertThat(generator.generate(micro().steps(2).build()).images()).hasSize(1);
    }

    @Test
    void anAlreadyCancelledTokenStopsBeforeAnyWork() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        assertThatThrownBy(() -> generator.generate(micro().cancellation(token).build()))
                .isInstanceOf(CancellationException.class).hasMessageContaining("cancelled");
    }

    @Test
    void aDeadlineStopsTheGeneration() {
        AtomicInteger steps = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> generator.generate(micro().steps(200).timeout(Duration.ofMillis(200))
                .listener(p -> steps.incrementAndGet()).build()))
                .isInstanceOf(CancellationException.class).hasMessageContaining("deadline");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(steps.get()).isLessThan(200);
        assertThat(elapsedMs).as("stopped soon after the 200 ms deadline").isLessThan(5_000);
        assertThat(generator.generate(micro().steps(2).build()).images()).hasSize(1);
    }

    @Test
    void closingWhileOtherThreadsTokenizeLongPromptsNeverCrashes() throws Exception {
        QwenImageGenerator own = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
        String prompt = "a fox ".repeat(20_000);
        java.util.List<CompletableFuture<Void>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(CompletableFuture.runAsync(() -> {
                for (int k = 0; k < 50; k++) {
                    own.pipeline().promptEncoder().tokenIds(prompt);
                }
            }));
        }
        Thread.sleep(50);
        own.close();
        for (CompletableFuture<Void> run : runs) {
            try {
                run.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            }
        }
    }

    @Test
    void closingCancelsAGenerationInProgressAndLaterCallsFail() throws Exception {
        QwenImageGenerator own = QwenImageGenerator.builder().modelPath(Fixtures.tinyModel()).build();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> own.generate(GenerationRequest.builder()
                .prompt("x").size(64, 64).steps(5000).seed(1).listener(p -> started.countDown()).build()));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        own.close();
        assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class)
                .hasMessageContaining("closing");
        own.close();
        assertThatThrownBy(() -> own.generate(GenerationRequest.builder().prompt("x").build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
