package dev.lever.store;

/**
 * One part of a reward that is counted at most once per decision: one metric's value.
 *
 * @param token unique per decision and metric, or {@code null} for a direct reward that needs no deduplication
 * @param metric the metric id
 * @param value the value, within the metric's documented bounds
 */
public record Credit(String token, String metric, double value) {
}
