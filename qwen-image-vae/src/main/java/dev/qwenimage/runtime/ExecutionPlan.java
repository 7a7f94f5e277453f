package dev.qwenimage.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a requested {@link Device} and {@link SessionSettings} become ONNX Runtime session options, decided once per
 * model: which execution provider runs the networks, and why. Kept apart from session creation so the mapping can be
 * tested on a machine without a GPU. Immutable.
 */
public final class ExecutionPlan {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionPlan.class);

    private final Device requested;
    private final Device effective;
    private final SessionSettings settings;
    private final String fallbackReason;

    private ExecutionPlan(Device requested, Device effective, SessionSettings settings, String fallbackReason) {
        this.requested = requested;
        this.effective = effective;
        this.settings = settings;
        this.fallbackReason = fallbackReason;
    }

    /**
     * Resolves a device against the execution providers of the ONNX Runtime build on the class path.
     *
     * @param device the requested device
     * @param settings the session settings
     * @return the plan
     * @throws IllegalStateException if a strict GPU device was asked for and its provider is not available
     */
    public static ExecutionPlan resolve(Device device, SessionSettings settings) {
        return resolve(device, settings, OrtEnvironment.getAvailableProviders(), ExecutionPlan::probeCuda);
    }

    /**
     * Registers the CUDA provider on throw-away options: a GPU build lists the provider even where its libraries
     * (CUDA 12, cuDNN 9) or a GPU are missing, and only registering it tells.
     *
     * @return {@code null} if the provider starts, else why not
     */
    static String probeCuda(int deviceId) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addCUDA(deviceId);
            return null;
        } catch (OrtException | UnsatisfiedLinkError e) {
            return e.getMessage();
        }
    }

    /**
     * Resolves a device against a given set of available providers.
     *
     * @param device the requested device
     * @param settings the session settings
     * @param available the providers the ONNX Runtime build offers
     * @return the plan
     * @throws IllegalStateException if a strict GPU device was asked for and its provider is not available
     */
    public static ExecutionPlan resolve(Device device, SessionSettings settings, Set<OrtProvider> available) {
        return resolve(device, settings, available, id -> null);
    }

    /**
     * Resolves a device against a given set of available providers and a probe that tries to start the CUDA provider.
     *
     * @param device the requested device
     * @param settings the session settings
     * @param available the providers the ONNX Runtime build offers
     * @param cudaProbe given a device id, {@code null} if the CUDA provider starts, else the reason it does not
     * @return the plan
     * @throws IllegalStateException if a strict GPU device was asked for and cannot be used
     */
    public static ExecutionPlan resolve(Device device, SessionSettings settings, Set<OrtProvider> available,
            java.util.function.IntFunction<String> cudaProbe) {
        if (device.kind() == Device.Kind.CPU) {
            return new ExecutionPlan(device, device, settings, null);
        }
        if (available.contains(OrtProvider.CUDA)) {
            String failure = cudaProbe.apply(device.deviceId());
            if (failure == null) {
                return new ExecutionPlan(device, device, settings, null);
            }
            return fallbackOrFail(device, settings, "the CUDA execution provider failed to start (" + failure
                    + "); install CUDA 12 and cuDNN 9 and check that a GPU is visible");
        }
        String reason = "this ONNX Runtime build has no CUDA execution provider (available: " + available
                + "); build with the Maven profile -Pcuda (artifact com.microsoft.onnxruntime:onnxruntime_gpu)"
                + " and install CUDA 12 and cuDNN 9";
        return fallbackOrFail(device, settings, reason);
    }

    private static ExecutionPlan fallbackOrFail(Device device, SessionSettings settings, String reason) {
        if (!device.cpuFallback()) {
            throw new IllegalStateException("cannot run on " + device + ": " + reason
                    + ", or ask for Device.cuda(" + device.deviceId() + ").withCpuFallback() to run on the CPU instead");
        }
        LOG.warn("Falling back to the CPU instead of {}: {}", device, reason);
        return new ExecutionPlan(device, Device.cpu(), settings, reason);
    }

    /** @return the device the caller asked for */
    public Device requested() {
        return requested;
    }

    /** @return the device the networks run on */
    public Device effective() {
        return effective;
    }

    /** @return the session settings */
    public SessionSettings settings() {
        return settings;
    }

    /** @return why the plan fell back to the CPU, or {@code null} if it did not */
    public String fallbackReason() {
        return fallbackReason;
    }

    /**
     * Builds ONNX Runtime session options for this plan. If the CUDA provider fails to register (for example the CUDA
     * libraries are missing) a device with CPU fallback returns CPU options and logs why; a strict one fails.
     *
     * @return new session options; the caller closes them
     * @throws IllegalStateException if the GPU provider cannot be registered and no fallback was asked for
     */
    public OrtSession.SessionOptions toSessionOptions() {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(optLevel(settings.optimization()));
            options.setCPUArenaAllocator(settings.cpuMemoryArena());
            options.setMemoryPatternOptimization(settings.memoryPattern());
            if (effective.kind() == Device.Kind.CUDA) {
                try {
                    options.addCUDA(effective.deviceId());
                } catch (OrtException | UnsatisfiedLinkError e) {
                    if (!effective.cpuFallback()) {
                        throw new IllegalStateException("cannot register ONNX Runtime's CUDA execution provider for "
                                + effective + ": " + e.getMessage(), e);
                    }
                    LOG.warn("Falling back to the CPU: the CUDA execution provider failed to start: {}", e.getMessage());
                }
            }
            return options;
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException("cannot build ONNX Runtime session options: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
    }

    static OrtSession.SessionOptions.OptLevel optLevel(SessionSettings.GraphOptimization level) {
        switch (level) {
            case NONE:
                return OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC:
                return OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED:
                return OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            default:
                return OrtSession.SessionOptions.OptLevel.ALL_OPT;
        }
    }

    @Override
    public String toString() {
        return "ExecutionPlan{requested=" + requested + ", effective=" + effective + ", " + settings
                + (fallbackReason != null ? ", fallback: " + fallbackReason : "") + "}";
    }
}
