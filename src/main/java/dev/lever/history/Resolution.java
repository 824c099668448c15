package dev.lever.history;

import java.time.Duration;

/**
 * One level of history: buckets of {@code size}, each kept for {@code retention} after it ends. Buckets are aligned
 * to the Unix epoch (a bucket of one hour starts on the hour, UTC), so every writer and reader agrees on them
 * without coordination.
 *
 * @param size the length of a bucket: whole seconds, at least one
 * @param retention how long a bucket is kept after it ends: at least one bucket
 */
public record Resolution(Duration size, Duration retention) {

    public Resolution {
        if (size.compareTo(Duration.ofSeconds(1)) < 0 || size.getNano() != 0) {
            throw new IllegalArgumentException("a history bucket must be a whole number of seconds, at least PT1S, "
                    + "was " + size);
        }
        if (retention.compareTo(size) < 0) {
            throw new IllegalArgumentException("history buckets of " + size + " must be kept at least one bucket, "
                    + "were kept " + retention);
        }
    }

    public long sizeMillis() {
        return size.toMillis();
    }

    /** The start of the bucket holding the instant {@code atMillis} (ms since the Unix epoch). */
    public long start(long atMillis) {
        return Math.floorDiv(atMillis, sizeMillis()) * sizeMillis();
    }

    /** When the bucket starting at {@code startMillis} may be forgotten. */
    public long expiresAt(long startMillis) {
        return startMillis + sizeMillis() + retention.toMillis();
    }

    /** Whether the bucket starting at {@code startMillis} is still kept at {@code nowMillis}. */
    public boolean keeps(long startMillis, long nowMillis) {
        return expiresAt(startMillis) > nowMillis;
    }

    /** The number of buckets kept at once: what bounds the memory of this level. */
    public long bucketsKept() {
        return Math.floorDiv(retention.toMillis(), sizeMillis()) + 1;
    }
}
