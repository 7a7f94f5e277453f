package dev.qwenimage.scheduler;

import java.nio.file.Path;
import java.util.List;

/** Builds a {@link Scheduler} from a diffusers scheduler config by its {@code _class_name}. */
public final class Schedulers {

    /** The diffusers classes this module implements. */
    public static final List<String> SUPPORTED = List.of(
            FlowMatchEulerDiscreteScheduler.CLASS_NAME,
            DDPMScheduler.CLASS_NAME,
            DDIMScheduler.CLASS_NAME,
            EulerDiscreteScheduler.CLASS_NAME,
            DPMSolverMultistepScheduler.CLASS_NAME);

    private Schedulers() {
    }

    /**
     * Reads a {@code scheduler_config.json} and builds its scheduler.
     *
     * @param configFile the config file
     * @return the scheduler
     * @throws IllegalArgumentException if the file is missing, malformed, names an unknown class or asks for an
     *     unsupported option
     */
    public static Scheduler fromConfig(Path configFile) {
        return fromConfig(SchedulerConfig.read(configFile));
    }

    /**
     * Builds the scheduler a config names.
     *
     * @param config the config
     * @return the scheduler
     * @throws IllegalArgumentException if the class is unknown or an option is unsupported
     */
    public static Scheduler fromConfig(SchedulerConfig config) {
        String name = config.className();
        if (name == null) {
            throw new IllegalArgumentException(config.source() + ": _class_name is missing; expected one of "
                    + String.join(", ", SUPPORTED));
        }
        switch (name) {
            case FlowMatchEulerDiscreteScheduler.CLASS_NAME:
                return new FlowMatchEulerDiscreteScheduler(config);
            case DDPMScheduler.CLASS_NAME:
                return new DDPMScheduler(config);
            case DDIMScheduler.CLASS_NAME:
                return new DDIMScheduler(config);
            case EulerDiscreteScheduler.CLASS_NAME:
                return new EulerDiscreteScheduler(config);
            case DPMSolverMultistepScheduler.CLASS_NAME:
                return new DPMSolverMultistepScheduler(config);
            default:
                throw config.invalid("_class_name", name, SUPPORTED);
        }
    }
}
