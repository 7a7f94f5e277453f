package dev.qwenimage.runtime;

import ai.onnxruntime.OnnxJavaType;
import java.util.Objects;

/**
 * One input or output a network must have: its name, element type and rank (the number of dimensions; their sizes
 * are dynamic). Immutable.
 */
public final class TensorSpec {

    private final String name;
    private final OnnxJavaType type;
    private final int rank;

    private TensorSpec(String name, OnnxJavaType type, int rank) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.rank = rank;
    }

    /**
     * @param name the tensor name
     * @param rank the number of dimensions
     * @return a float32 tensor spec
     */
    public static TensorSpec float32(String name, int rank) {
        return new TensorSpec(name, OnnxJavaType.FLOAT, rank);
    }

    /**
     * @param name the tensor name
     * @param rank the number of dimensions
     * @return an int64 tensor spec
     */
    public static TensorSpec int64(String name, int rank) {
        return new TensorSpec(name, OnnxJavaType.INT64, rank);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the element type */
    public OnnxJavaType type() {
        return type;
    }

    /** @return the rank */
    public int rank() {
        return rank;
    }

    @Override
    public String toString() {
        return name + " " + (type == OnnxJavaType.FLOAT ? "float32" : type.name().toLowerCase(java.util.Locale.ROOT))
                + "[rank " + rank + "]";
    }
}
