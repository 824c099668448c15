package dev.lever.stats;

/** A confidence interval [lower, upper]. */
public record Interval(double lower, double upper) {
}
