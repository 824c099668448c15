package dev.lever.store;

import java.time.Duration;

/**
 * A unit that keeps the arm it was first given, for as long as it comes back within {@code ttl}.
 *
 * @param unit the unit id the request named
 * @param ttl how long the unit's arm is kept after it was last written: a unit seen again within it keeps its arm,
 *     one away for more than twice as long gets a new one (the store keeps units by generations of one
 *     {@code ttl}, see {@link #generation})
 */
public record Sticky(String unit, Duration ttl) {

    public Sticky {
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("sticky ttl must be at least 1 s, was " + ttl);
        }
    }

    /** The generation a time falls in: whole time-to-lives since the Unix epoch. */
    public long generation(long epochMillis) {
        return Math.floorDiv(epochMillis / 1000, ttl.toSeconds());
    }
}
