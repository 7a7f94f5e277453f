package dev.qwenimage.preview;

import dev.qwenimage.GeneratedImage;
import dev.qwenimage.latent.LatentGrid;
import dev.qwenimage.latent.LatentPacker;
import dev.qwenimage.pipeline.QwenImagePipeline;
import dev.qwenimage.pipeline.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A linear map from a latent position's C values (normalized, as the transformer sees them) to the RGB colour of the
 * f × f pixels it decodes to: {@code rgb = Wᵀ·z + b}, clamped to [0, 1]. A preview costs C·3 multiply-adds per latent
 * position, nothing next to the VAE decoder, and shows composition and colours while a generation runs.
 *
 * <p>{@link #fit} learns W and b per model by least squares against what the model's own VAE decoder makes of
 * latents: the latents of random fields of solid colour when the model has a VAE encoder (latents from the model's
 * own distribution), random latents otherwise. A model folder may ship the result as {@code latent_preview.json}
 * ({@link #write}/{@link #read}; the built-in micro model does), which saves the few seconds of fitting.
 * Immutable; thread-safe.
 */
public final class LatentPreviewer {

    private final int channels;
    private final float[] weights;
    private final float[] bias;
    private final double fitError;

    private LatentPreviewer(int channels, float[] weights, float[] bias, double fitError) {
        this.channels = channels;
        this.weights = weights;
        this.bias = bias;
        this.fitError = fitError;
    }

    /**
     * Fits the projection of a model (a few VAE runs at the model's smallest sizes).
     *
     * @param pipeline the loaded model
     * @return the previewer
     */
    public static LatentPreviewer fit(QwenImagePipeline pipeline) {
        int f = pipeline.folder().vae().scaleFactor();
        int c = pipeline.folder().vae().latentChannels();
        int side = 2 * f * 8;
        LatentGrid grid = pipeline.grid(side, side);
        int positions = grid.height() * grid.width();
        int images = 12;
        double[][] z = new double[images * positions][];
        double[][] rgb = new double[images * positions][];
        SplittableRandom random = new SplittableRandom(20261122);
        try (RunContext context = new RunContext(null)) {
            for (int n = 0; n < images; n++) {
                float[] latents;
                float[] pixels;
                if (pipeline.folder().hasVaeEncoder()) {
                    latents = pipeline.encodeImage(toVaeInput(colourBlocks(side, f, random), side), 1, grid, context);
                } else {
                    latents = new float[grid.valuesPerImage()];
                    for (int i = 0; i < latents.length; i++) {
                        latents[i] = (float) gaussian(random);
                    }
                }
                float[] packed = new float[latents.length];
                LatentPacker.pack(latents, 1, grid, packed);
                pixels = pipeline.decode(packed, 1, grid, context)[0];
                for (int y = 0; y < grid.height(); y++) {
                    for (int x = 0; x < grid.width(); x++) {
                        int row = n * positions + y * grid.width() + x;
                        z[row] = new double[c + 1];
                        for (int ch = 0; ch < c; ch++) {
                            z[row][ch] = latents[ch * positions + y * grid.width() + x];
                        }
                        z[row][c] = 1;
                        rgb[row] = patchMean(pixels, side, x, y, f);
                    }
                }
            }
        }
        return solve(z, rgb, c);
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = 1 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A side × side image of solid squares of random colour, each 8f pixels wide (H·W·3 in [0, 1]). */
    private static float[] colourBlocks(int side, int f, SplittableRandom random) {
        float[] out = new float[side * side * 3];
        int block = 8 * f;
        for (int by = 0; by < side; by += block) {
            for (int bx = 0; bx < side; bx += block) {
                float r = (float) random.nextDouble();
                float g = (float) random.nextDouble();
                float b = (float) random.nextDouble();
                for (int y = by; y < by + block; y++) {
                    for (int x = bx; x < bx + block; x++) {
                        int p = (y * side + x) * 3;
                        out[p] = r;
                        out[p + 1] = g;
                        out[p + 2] = b;
                    }
                }
            }
        }
        return out;
    }

    private static float[] toVaeInput(float[] rgb, int side) {
        int plane = side * side;
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                out[c * plane + p] = 2 * rgb[p * 3 + c] - 1;
            }
        }
        return out;
    }

    private static double[] patchMean(float[] rgb, int side, int lx, int ly, int f) {
        double[] sum = new double[3];
        for (int y = ly * f; y < ly * f + f; y++) {
            for (int x = lx * f; x < lx * f + f; x++) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += rgb[(y * side + x) * 3 + c];
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            sum[c] /= f * f;
        }
        return sum;
    }

    private static LatentPreviewer solve(double[][] z, double[][] rgb, int c) {
        DMatrixRMaj a = new DMatrixRMaj(z);
        DMatrixRMaj b = new DMatrixRMaj(rgb);
        DMatrixRMaj x = new DMatrixRMaj(c + 1, 3);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(a.numRows, a.numCols);
        if (!solver.setA(a)) {
            throw new IllegalStateException("the latent preview fit is singular");
        }
        solver.solve(b, x);
        float[] weights = new float[c * 3];
        float[] bias = new float[3];
        for (int k = 0; k < 3; k++) {
            for (int ch = 0; ch < c; ch++) {
                weights[ch * 3 + k] = (float) x.get(ch, k);
            }
            bias[k] = (float) x.get(c, k);
        }
        double error = 0;
        for (int row = 0; row < z.length; row++) {
            for (int k = 0; k < 3; k++) {
                double p = x.get(c, k);
                for (int ch = 0; ch < c; ch++) {
                    p += z[row][ch] * x.get(ch, k);
                }
                error += Math.abs(p - rgb[row][k]);
            }
        }
        return new LatentPreviewer(c, weights, bias, error / (z.length * 3));
    }

    /** The file name a model folder ships a fitted projection under. */
    public static final String FILE = "latent_preview.json";

    /**
     * Writes the projection as JSON: {@code {"channels": C, "weights": [[r, g, b] per channel], "bias": [r, g, b],
     * "fit_error": e}}.
     *
     * @param file the file
     * @throws java.io.IOException if writing fails
     */
    public void write(java.nio.file.Path file) throws java.io.IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = json.createObjectNode();
        root.put("channels", channels);
        var w = root.putArray("weights");
        for (int ch = 0; ch < channels; ch++) {
            var row = w.addArray();
            for (int k = 0; k < 3; k++) {
                row.add(weights[ch * 3 + k]);
            }
        }
        var b = root.putArray("bias");
        for (float v : bias) {
            b.add(v);
        }
        root.put("fit_error", fitError);
        java.nio.file.Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /**
     * Reads a projection written by {@link #write}.
     *
     * @param file the file
     * @param channels the model's latent channels C
     * @return the previewer
     * @throws dev.qwenimage.runtime.InvalidModelException if the file is malformed or for another channel count
     */
    public static LatentPreviewer read(java.nio.file.Path file, int channels) {
        try {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            var w = root.get("weights");
            var b = root.get("bias");
            if (root.path("channels").asInt() != channels || w == null || w.size() != channels || b == null || b.size() != 3) {
                throw new dev.qwenimage.runtime.InvalidModelException(file, "expected a projection for " + channels
                        + " latent channels: {\"channels\", \"weights\" [C][3], \"bias\" [3]}");
            }
            float[] weights = new float[channels * 3];
            for (int ch = 0; ch < channels; ch++) {
                for (int k = 0; k < 3; k++) {
                    weights[ch * 3 + k] = (float) w.get(ch).get(k).asDouble();
                }
            }
            float[] bias = new float[3];
            for (int k = 0; k < 3; k++) {
                bias[k] = (float) b.get(k).asDouble();
            }
            return new LatentPreviewer(channels, weights, bias, root.path("fit_error").asDouble(Double.NaN));
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof dev.qwenimage.runtime.InvalidModelException) {
                throw (dev.qwenimage.runtime.InvalidModelException) e;
            }
            throw new dev.qwenimage.runtime.InvalidModelException(file, "malformed latent preview projection: " + e.getMessage(), e);
        }
    }

    /** @return the fit's mean absolute error per colour channel, in [0, 1] units, on its own data */
    public double fitError() {
        return fitError;
    }

    /**
     * Previews packed latents.
     *
     * @param packed [B, Li, 4C]
     * @param batch B
     * @param grid the grid
     * @return one image per batch entry at latent resolution (w × h)
     */
    public List<GeneratedImage> preview(float[] packed, int batch, LatentGrid grid) {
        if (grid.channels() != channels) {
            throw new IllegalArgumentException("latents have " + grid.channels() + " channels; this previewer maps " + channels);
        }
        float[] latents = new float[packed.length];
        LatentPacker.unpack(packed, batch, grid, latents);
        int w = grid.width();
        int h = grid.height();
        int positions = w * h;
        List<GeneratedImage> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            float[] rgb = new float[positions * 3];
            int base = b * grid.valuesPerImage();
            for (int p = 0; p < positions; p++) {
                for (int k = 0; k < 3; k++) {
                    float v = bias[k];
                    for (int ch = 0; ch < channels; ch++) {
                        v += latents[base + ch * positions + p] * weights[ch * 3 + k];
                    }
                    rgb[p * 3 + k] = Math.max(0f, Math.min(1f, v));
                }
            }
            out.add(new GeneratedImage(w, h, rgb));
        }
        return out;
    }
}
