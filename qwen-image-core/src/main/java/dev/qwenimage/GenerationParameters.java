package dev.qwenimage;

/**
 * The parameters a generation actually ran with, after the model's defaults filled what the request left unset:
 * everything needed to reproduce the image. Immutable.
 *
 * @param prompt the prompt
 * @param negativePrompt the negative prompt, or {@code null} for none
 * @param width W
 * @param height H
 * @param steps denoising steps
 * @param guidanceScale true-CFG scale
 * @param trueCfg whether true CFG was applied (scale &gt; 1 and a negative prompt)
 * @param seed the seed of the initial noise, or {@code null} when explicit noise was given
 * @param randomSource {@code cpu} or {@code cuda}
 * @param batchSize images generated together
 * @param model the model's name
 * @param scheduler the scheduler's diffusers class
 */
public record GenerationParameters(String prompt, String negativePrompt, int width, int height, int steps,
        double guidanceScale, boolean trueCfg, Long seed, String randomSource, int batchSize, String model,
        String scheduler) {
}
