package dev.lever.history;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The levels of history kept, finest first. Each level's bucket is a multiple of the finer one's and is kept at
 * least as long, so a finer bucket lies inside exactly one bucket of every coarser level: an event written to each
 * level is counted once in each, and any level's buckets add up to the same totals.
 *
 * @param levels finest first; empty when history is switched off
 */
public record Resolutions(List<Resolution> levels) {

    /** One-minute buckets kept a day, one-hour buckets kept 90 days. */
    public static final Resolutions DEFAULT = parse("PT1M:P1D,PT1H:P90D");

    /** No history. */
    public static final Resolutions OFF = new Resolutions(List.of());

    public Resolutions {
        levels = List.copyOf(levels);
        for (int i = 1; i < levels.size(); i++) {
            Resolution finer = levels.get(i - 1);
            Resolution coarser = levels.get(i);
            if (coarser.sizeMillis() <= finer.sizeMillis() || coarser.sizeMillis() % finer.sizeMillis() != 0) {
                throw new IllegalArgumentException("each history bucket must be a larger multiple of the one before "
                        + "it: " + coarser.size() + " after " + finer.size());
            }
            if (coarser.retention().compareTo(finer.retention()) < 0) {
                throw new IllegalArgumentException("coarser history must be kept at least as long as finer: "
                        + coarser.size() + " kept " + coarser.retention() + " after " + finer.size() + " kept "
                        + finer.retention());
            }
        }
    }

    /**
     * Levels written {@code size:retention} in ISO-8601 durations, comma-separated, finest first, e.g.
     * {@code PT1M:P1D,PT1H:P90D}.
     */
    public static Resolutions parse(String text) {
        List<Resolution> levels = new ArrayList<>();
        for (String level : text.split(",")) {
            String[] parts = level.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a history level is '<bucket>:<retention>' in ISO-8601 durations, "
                        + "e.g. PT1M:P1D, was '" + level.trim() + "'");
            }
            try {
                levels.add(new Resolution(Duration.parse(parts[0].trim()), Duration.parse(parts[1].trim())));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("a history level is '<bucket>:<retention>' in ISO-8601 durations, "
                        + "e.g. PT1M:P1D, was '" + level.trim() + "'", e);
            }
        }
        return new Resolutions(levels);
    }

    public boolean enabled() {
        return !levels.isEmpty();
    }

    /** The finest level. */
    public Resolution finest() {
        return levels.get(0);
    }

    /** The coarsest level. */
    public Resolution coarsest() {
        return levels.get(levels.size() - 1);
    }

    /** The coarsest level whose buckets tile buckets of {@code bucketMillis}, if any does. */
    public Optional<Resolution> coarsestDividing(long bucketMillis) {
        Resolution found = null;
        for (Resolution level : levels) {
            if (bucketMillis % level.sizeMillis() == 0) {
                found = level;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The sizes of the levels, for messages: "PT1M, PT1H". */
    public String sizes() {
        return String.join(", ", levels.stream().map(level -> level.size().toString()).toList());
    }
}
