package dev.lever.store;

/**
 * How much of each experiment's decision log is kept.
 *
 * @param maxLength the most entries (approximately, see {@link DecisionLogConfig#maxLength()})
 * @param maxAgeMillis the oldest entry's greatest age in ms, 0 for no age limit
 */
public record LogLimits(long maxLength, long maxAgeMillis) {

    /** The configuration's defaults. */
    public static final LogLimits DEFAULT = new LogLimits(1_000_000, 30L * 24 * 3600 * 1000);

    public LogLimits {
        if (maxLength < 1 || maxAgeMillis < 0) {
            throw new IllegalArgumentException("lever.decision-log.max-length must be >= 1 and max-age >= 0s, were "
                    + maxLength + " and " + maxAgeMillis + " ms");
        }
    }
}
