package dev.lever.experiment;

import java.util.Locale;

/**
 * What a metric's value is averaged over: its form. A bandit may declare one, but bandit policies ignore it.
 */
public enum MetricForm {

    /**
     * The value per exposure for a binary metric (clicks per exposure: the click-through rate) and per value
     * received for a continuous one (latency per request). The default.
     */
    RATIO,
    /**
     * Per unit: for a binary metric the share of units that converted at least once, for a continuous one the sum
     * per unit (revenue per user).
     */
    PER_UNIT;

    /** The wire name: {@code ratio} or {@code per-unit}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The form with this wire name.
     *
     * @throws dev.lever.error.LeverException (invalid) naming {@code at} when the name is neither
     */
    static MetricForm fromWireName(FieldPath at, String name) {
        String known = at.oneOf(name, RATIO.wireName(), PER_UNIT.wireName());
        return known.equals(RATIO.wireName()) ? RATIO : PER_UNIT;
    }
}
