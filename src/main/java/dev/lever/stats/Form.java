package dev.lever.stats;

/** How a unit-level metric is summarised per arm. */
public enum Form {
    /**
     * The ratio of means mean(y) / mean(x): the metric per exposure or per value (click-through rate, mean order
     * value), whose analysis unit (the user) differs from its denominator; its variance needs the delta method.
     */
    RATIO,
    /** The mean per unit: the share of units converted (binary) or the value per unit (revenue per user). */
    PER_UNIT
}
