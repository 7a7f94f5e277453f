package dev.qwenimage.vae;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qwenimage.runtime.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The parts of a diffusers {@code AutoencoderKLQwenImage} config the pipeline needs: the latent channel count
 * {@code z_dim}, the spatial scale factor ({@code 2^len(temperal_downsample)}) and the per-channel latent statistics
 * used to normalize latents. Immutable.
 */
public final class VaeConfig {

    /** The diffusers class name of the Qwen-Image VAE. */
    public static final String CLASS_NAME = "AutoencoderKLQwenImage";

    private final int latentChannels;
    private final int scaleFactor;
    private final float[] latentsMean;
    private final float[] latentsStd;

    /**
     * @param latentChannels {@code z_dim}
     * @param scaleFactor pixels per latent position along each axis
     * @param latentsMean per-channel mean, {@code latentChannels} values
     * @param latentsStd per-channel standard deviation, {@code latentChannels} positive values
     */
    public VaeConfig(int latentChannels, int scaleFactor, float[] latentsMean, float[] latentsStd) {
        if (latentChannels < 1) {
            throw new IllegalArgumentException("z_dim must be >= 1, got " + latentChannels);
        }
        if (scaleFactor < 1) {
            throw new IllegalArgumentException("scale factor must be >= 1, got " + scaleFactor);
        }
        if (latentsMean.length != latentChannels || latentsStd.length != latentChannels) {
            throw new IllegalArgumentException("latents_mean and latents_std need " + latentChannels + " values each, got "
                    + latentsMean.length + " and " + latentsStd.length);
        }
        for (float s : latentsStd) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("latents_std must be finite and positive, got " + Arrays.toString(latentsStd));
            }
        }
        for (float m : latentsMean) {
            if (!Float.isFinite(m)) {
                throw new IllegalArgumentException("latents_mean must be finite, got " + Arrays.toString(latentsMean));
            }
        }
        this.latentChannels = latentChannels;
        this.scaleFactor = scaleFactor;
        this.latentsMean = latentsMean.clone();
        this.latentsStd = latentsStd.clone();
    }

    /**
     * Reads a VAE {@code config.json}.
     *
     * @param file the config file
     * @return the config
     * @throws InvalidModelException if the file is missing, not JSON, of another class, or holds absurd values
     */
    public static VaeConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(file, "missing: the VAE config is required");
        } catch (IOException e) {
            throw new InvalidModelException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidModelException(file, "must hold a JSON object");
        }
        JsonNode cls = root.get("_class_name");
        if (cls != null && !cls.isNull() && !CLASS_NAME.equals(cls.asText())) {
            throw new InvalidModelException(file, "_class_name is '" + cls.asText() + "'; expected " + CLASS_NAME);
        }
        try {
            int z = requireInt(root, "z_dim");
            JsonNode down = root.get("temperal_downsample");
            if (down == null || !down.isArray()) {
                throw new IllegalArgumentException("temperal_downsample must be a list of booleans");
            }
            if (down.size() > 6) {
                throw new IllegalArgumentException("temperal_downsample has " + down.size()
                        + " stages; a scale factor of 2^" + down.size() + " is not plausible");
            }
            float[] mean = floats(root, "latents_mean", z, 0f);
            float[] std = floats(root, "latents_std", z, 1f);
            return new VaeConfig(z, 1 << down.size(), mean, std);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(file, e.getMessage(), e);
        }
    }

    private static int requireInt(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + n);
        }
        if (n.asInt() < 1 || n.asInt() > 4096) {
            throw new IllegalArgumentException(key + " must be between 1 and 4096, got " + n.asInt());
        }
        return n.asInt();
    }

    private static float[] floats(JsonNode root, String key, int n, float fallback) {
        JsonNode a = root.get(key);
        float[] out = new float[n];
        if (a == null || a.isNull()) {
            Arrays.fill(out, fallback);
            return out;
        }
        if (!a.isArray() || a.size() != n) {
            throw new IllegalArgumentException(key + " must list " + n + " numbers (one per latent channel), got " + a);
        }
        for (int i = 0; i < n; i++) {
            if (!a.get(i).isNumber()) {
                throw new IllegalArgumentException(key + " must list numbers, got " + a);
            }
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    /** @return {@code z_dim}, the number of latent channels C */
    public int latentChannels() {
        return latentChannels;
    }

    /** @return f, pixels per latent position along each axis */
    public int scaleFactor() {
        return scaleFactor;
    }

    /** @return a copy of the per-channel latent means */
    public float[] latentsMean() {
        return latentsMean.clone();
    }

    /** @return a copy of the per-channel latent standard deviations */
    public float[] latentsStd() {
        return latentsStd.clone();
    }

    /**
     * Maps normalized latents to the VAE's own latent space in place: {@code z = x·std + mean} per channel, computed
     * as diffusers does ({@code x / (1/std) + mean}, with the reciprocal rounded to float32) so results match bit for bit.
     *
     * @param latents [B, C, h, w] in C order
     * @param batch B
     * @param plane h·w
     */
    public void denormalize(float[] latents, int batch, int plane) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < latentChannels; c++) {
                float inverse = 1.0f / latentsStd[c];
                float m = latentsMean[c];
                int base = (b * latentChannels + c) * plane;
                for (int k = base; k < base + plane; k++) {
                    latents[k] = latents[k] / inverse + m;
                }
            }
        }
    }

    /**
     * Maps VAE latents to the normalized space the transformer works in, in place: {@code x = (z − mean) / std}.
     *
     * @param latents [B, C, h, w] in C order
     * @param batch B
     * @param plane h·w
     */
    public void normalize(float[] latents, int batch, int plane) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < latentChannels; c++) {
                float s = latentsStd[c];
                float m = latentsMean[c];
                int base = (b * latentChannels + c) * plane;
                for (int k = base; k < base + plane; k++) {
                    latents[k] = (latents[k] - m) / s;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "VaeConfig{z_dim=" + latentChannels + ", scaleFactor=" + scaleFactor + "}";
    }
}
