package dev.qwenimage.runtime;

/**
 * The ONNX Runtime session options that matter for diffusion on a CPU, with defaults measured on a 2-core machine
 * (see BENCHMARKS.md): all cores for one operator, sequential execution of independent operators, every graph
 * optimization, and the CPU memory arena on. Immutable; build with {@link #builder()}.
 */
public final class SessionSettings {

    /** ONNX Runtime's graph optimization levels. */
    public enum GraphOptimization {
        /** No graph rewrites. */
        NONE,
        /** Constant folding and redundant node removal. */
        BASIC,
        /** Plus node fusions. */
        EXTENDED,
        /** Plus layout optimizations: ONNX Runtime's default. */
        ALL
    }

    private static final SessionSettings DEFAULTS = builder().build();

    private final int intraOpThreads;
    private final int interOpThreads;
    private final GraphOptimization optimization;
    private final boolean cpuMemoryArena;
    private final boolean memoryPattern;

    private SessionSettings(Builder b) {
        this.intraOpThreads = b.intraOpThreads;
        this.interOpThreads = b.interOpThreads;
        this.optimization = b.optimization;
        this.cpuMemoryArena = b.cpuMemoryArena;
        this.memoryPattern = b.memoryPattern;
    }

    /** @return the defaults */
    public static SessionSettings defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.intraOpThreads = intraOpThreads;
        b.interOpThreads = interOpThreads;
        b.optimization = optimization;
        b.cpuMemoryArena = cpuMemoryArena;
        b.memoryPattern = memoryPattern;
        return b;
    }

    /** @return threads one operator may use; 0 lets ONNX Runtime use one per physical core */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** @return threads for running independent operators in parallel; 0 lets ONNX Runtime choose */
    public int interOpThreads() {
        return interOpThreads;
    }

    /** @return the graph optimization level */
    public GraphOptimization optimization() {
        return optimization;
    }

    /** @return true if the CPU memory arena is on (reuses allocations between runs) */
    public boolean cpuMemoryArena() {
        return cpuMemoryArena;
    }

    /** @return true if memory-pattern planning is on (helps fixed input shapes) */
    public boolean memoryPattern() {
        return memoryPattern;
    }

    @Override
    public String toString() {
        return "SessionSettings{intraOpThreads=" + intraOpThreads + ", interOpThreads=" + interOpThreads
                + ", optimization=" + optimization + ", cpuMemoryArena=" + cpuMemoryArena
                + ", memoryPattern=" + memoryPattern + "}";
    }

    /** Builds {@link SessionSettings}. */
    public static final class Builder {
        private int intraOpThreads = 0;
        private int interOpThreads = 1;
        private GraphOptimization optimization = GraphOptimization.ALL;
        private boolean cpuMemoryArena = true;
        private boolean memoryPattern = true;

        private Builder() {
        }

        /**
         * @param threads threads one operator may use, 0 for ONNX Runtime's choice (one per physical core)
         * @return this builder
         */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * @param threads threads for independent operators, 0 for ONNX Runtime's choice
         * @return this builder
         */
        public Builder interOpThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("interOpThreads must be >= 0, got " + threads);
            }
            this.interOpThreads = threads;
            return this;
        }

        /**
         * @param level the graph optimization level
         * @return this builder
         */
        public Builder optimization(GraphOptimization level) {
            this.optimization = java.util.Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param on whether the CPU memory arena is used
         * @return this builder
         */
        public Builder cpuMemoryArena(boolean on) {
            this.cpuMemoryArena = on;
            return this;
        }

        /**
         * @param on whether memory-pattern planning is used
         * @return this builder
         */
        public Builder memoryPattern(boolean on) {
            this.memoryPattern = on;
            return this;
        }

        /** @return the settings */
        public SessionSettings build() {
            return new SessionSettings(this);
        }
    }
}
