package dev.qwenimage.runtime;

import java.util.Objects;

/**
 * Where a model's networks run: the CPU, or a CUDA GPU through ONNX Runtime's CUDA execution provider (which needs
 * the {@code onnxruntime_gpu} artifact, the Maven profile {@code cuda}, and CUDA 12 with cuDNN 9 on the machine).
 * Immutable.
 *
 * <p>A CUDA device is strict by default: if the provider is missing, loading fails with a message that says how to
 * get it. {@link #withCpuFallback()} asks instead for a logged warning and the CPU.
 */
public final class Device {

    /** The kind of processor. */
    public enum Kind {
        /** ONNX Runtime's default CPU execution provider. */
        CPU,
        /** ONNX Runtime's CUDA execution provider. */
        CUDA
    }

    private static final Device CPU = new Device(Kind.CPU, 0, false);

    private final Kind kind;
    private final int deviceId;
    private final boolean cpuFallback;

    private Device(Kind kind, int deviceId, boolean cpuFallback) {
        this.kind = kind;
        this.deviceId = deviceId;
        this.cpuFallback = cpuFallback;
    }

    /** @return the CPU */
    public static Device cpu() {
        return CPU;
    }

    /**
     * A CUDA GPU.
     *
     * @param deviceId the CUDA device ordinal, 0 for the first GPU
     * @return the device, strict: no fallback to the CPU
     * @throws IllegalArgumentException if the id is negative
     */
    public static Device cuda(int deviceId) {
        if (deviceId < 0) {
            throw new IllegalArgumentException("CUDA device id must be >= 0, got " + deviceId);
        }
        return new Device(Kind.CUDA, deviceId, false);
    }

    /**
     * Parses {@code cpu}, {@code cuda}, {@code cuda:N}, optionally followed by {@code ?fallback} (CPU fallback).
     *
     * @param text the device text, as a CLI flag would take it
     * @return the device
     * @throws IllegalArgumentException if the text is not one of those forms
     */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        boolean fallback = t.endsWith("?fallback");
        if (fallback) {
            t = t.substring(0, t.length() - "?fallback".length());
        }
        Device d;
        if (t.equals("cpu")) {
            d = CPU;
        } else if (t.equals("cuda")) {
            d = cuda(0);
        } else if (t.startsWith("cuda:")) {
            try {
                d = cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + text + "': expected cpu, cuda or cuda:N", e);
            }
        } else {
            throw new IllegalArgumentException("device '" + text + "': expected cpu, cuda or cuda:N");
        }
        return fallback ? d.withCpuFallback() : d;
    }

    /**
     * The same device, but running on the CPU with a logged warning when the GPU's execution provider cannot be used.
     *
     * @return the device with CPU fallback
     */
    public Device withCpuFallback() {
        return kind == Kind.CPU ? this : new Device(kind, deviceId, true);
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the device ordinal (0 for the CPU) */
    public int deviceId() {
        return deviceId;
    }

    /** @return true if an unusable GPU falls back to the CPU instead of failing */
    public boolean cpuFallback() {
        return cpuFallback;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device && ((Device) o).kind == kind && ((Device) o).deviceId == deviceId
                && ((Device) o).cpuFallback == cpuFallback;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, deviceId, cpuFallback);
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + deviceId + (cpuFallback ? "?fallback" : "");
    }
}
