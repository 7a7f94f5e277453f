package dev.qwenimage.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qwenimage.runtime.InvalidModelException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The parts of a diffusers {@code QwenImageTransformer2DModel} config the pipeline needs. Immutable.
 *
 * @param inChannels values per image token, 4·C
 * @param outChannels latent channels C the transformer predicts per patch position
 * @param jointAttentionDim D, the text embedding width
 * @param attentionHeadDim A, the attention head size
 * @param axesDimsRope the rotary axes (frame, height, width), summing to A
 * @param patchSize the latent patch size, 2
 */
public record TransformerConfig(int inChannels, int outChannels, int jointAttentionDim, int attentionHeadDim,
        int[] axesDimsRope, int patchSize) {

    /** The diffusers class name. */
    public static final String CLASS_NAME = "QwenImageTransformer2DModel";

    /**
     * Creates the value, checking it.
     *
     * @param inChannels values per image token, 4·C
     * @param outChannels latent channels the transformer predicts
     * @param jointAttentionDim D, the text embedding width
     * @param attentionHeadDim A, the attention head size
     * @param axesDimsRope the rotary axes, summing to A
     * @param patchSize the latent patch size
     */
    public TransformerConfig {
        axesDimsRope = axesDimsRope.clone();
    }

    /** @return a copy of the rotary axes (frame, height, width) */
    @Override
    public int[] axesDimsRope() {
        return axesDimsRope.clone();
    }

    static TransformerConfig read(Path file) {
        JsonNode n = Json.readObject(file, "the transformer config");
        JsonNode cls = n.get("_class_name");
        if (cls != null && !cls.isNull() && !CLASS_NAME.equals(cls.asText())) {
            throw new InvalidModelException(file, "_class_name is '" + cls.asText() + "'; expected " + CLASS_NAME);
        }
        int in = Json.positiveInt(n, "in_channels", file, 1 << 16);
        int out = n.has("out_channels") && !n.get("out_channels").isNull()
                ? Json.positiveInt(n, "out_channels", file, 1 << 16) : in / 4;
        int d = Json.positiveInt(n, "joint_attention_dim", file, 1 << 20);
        int a = Json.positiveInt(n, "attention_head_dim", file, 1 << 16);
        int patch = n.has("patch_size") ? Json.positiveInt(n, "patch_size", file, 64) : 2;
        JsonNode axes = n.get("axes_dims_rope");
        if (axes == null || !axes.isArray() || axes.size() != 3) {
            throw new InvalidModelException(file, "axes_dims_rope must list 3 integers, got " + axes);
        }
        int[] ax = new int[3];
        for (int i = 0; i < 3; i++) {
            ax[i] = axes.get(i).asInt();
            if (!axes.get(i).isIntegralNumber() || ax[i] < 2 || ax[i] % 2 != 0) {
                throw new InvalidModelException(file, "axes_dims_rope entries must be even integers >= 2, got " + axes);
            }
        }
        if (ax[0] + ax[1] + ax[2] != a) {
            throw new InvalidModelException(file, "axes_dims_rope " + Arrays.toString(ax) + " must sum to attention_head_dim " + a);
        }
        if (patch != 2) {
            throw new InvalidModelException(file, "patch_size " + patch + " is not supported; Qwen-Image packs 2x2 patches");
        }
        if (in % 4 != 0) {
            throw new InvalidModelException(file, "in_channels " + in + " must be 4 × the VAE's z_dim");
        }
        return new TransformerConfig(in, out, d, a, ax, patch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformerConfig t && t.inChannels == inChannels && t.outChannels == outChannels
                && t.jointAttentionDim == jointAttentionDim && t.attentionHeadDim == attentionHeadDim
                && Arrays.equals(t.axesDimsRope, axesDimsRope) && t.patchSize == patchSize;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {inChannels, outChannels, jointAttentionDim, attentionHeadDim, patchSize})
                * 31 + Arrays.hashCode(axesDimsRope);
    }

    @Override
    public String toString() {
        return "TransformerConfig{in=" + inChannels + ", D=" + jointAttentionDim + ", A=" + attentionHeadDim
                + ", axes=" + Arrays.toString(axesDimsRope) + "}";
    }
}
