package dev.qwenimage.scheduler;

/** What a diffusion model predicts (diffusers' {@code prediction_type}). */
public enum PredictionType {
    /** The added noise (Ho et al. 2020). */
    EPSILON("epsilon"),
    /** The velocity {@code alpha·noise − sigma·x0} (Salimans &amp; Ho 2022). */
    V_PREDICTION("v_prediction"),
    /** The clean sample itself. */
    SAMPLE("sample");

    private final String configName;

    PredictionType(String configName) {
        this.configName = configName;
    }

    /** @return the name used in {@code scheduler_config.json} */
    public String configName() {
        return configName;
    }

    static PredictionType read(SchedulerConfig config, PredictionType... supported) {
        String[] names = new String[supported.length];
        for (int i = 0; i < supported.length; i++) {
            names[i] = supported[i].configName;
        }
        String v = config.getChoice("prediction_type", EPSILON.configName, names);
        for (PredictionType t : values()) {
            if (t.configName.equals(v)) {
                return t;
            }
        }
        throw new AssertionError(v);
    }
}
