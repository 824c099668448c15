package dev.lever.store;

import dev.lever.history.Resolutions;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The history of each experiment's statistics per time bucket ({@code GET /experiments/{id}/history}). */
@ConfigMapping(prefix = "lever.history")
public interface HistoryConfig {

    /**
     * Whether history is kept. Switched off, the scripts write no history buckets and the history endpoint answers
     * 404.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The levels kept, finest first, each {@code <bucket>:<retention>} in ISO-8601 durations, comma-separated: every
     * pull, allocation and reward is added to its bucket at each level, and a bucket is forgotten once it is
     * {@code retention} old. Each bucket must be a whole number of seconds and a multiple of the finer one, and each
     * level kept at least as long as the finer one. Memory per experiment is bounded by the buckets kept: see
     * docs/how-it-works.md for the bytes per experiment and day.
     */
    @WithDefault("PT1M:P1D,PT1H:P90D")
    String levels();

    /** The most points one history answer holds; a longer range needs a larger {@code bucket}. */
    @WithDefault("1500")
    int maxPoints();

    /** The levels in force: none when history is switched off. */
    default Resolutions resolutions() {
        return enabled() ? Resolutions.parse(levels()) : Resolutions.OFF;
    }
}
