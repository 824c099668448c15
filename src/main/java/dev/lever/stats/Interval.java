package dev.lever.stats;

/** A confidence interval [lower, upper]. */
public record Interval(double lower, double upper) {

    /** Whether the interval lies entirely above {@code value}. */
    public boolean above(double value) {
        return lower > value;
    }

    /** Whether the interval lies entirely below {@code value}. */
    public boolean below(double value) {
        return upper < value;
    }
}
