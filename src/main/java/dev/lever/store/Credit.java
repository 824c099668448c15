package dev.lever.store;

import java.util.Map;

/**
 * One part of a reward that is counted at most once per decision: typically one metric's value.
 *
 * @param token unique per decision and metric, or {@code null} for a direct reward that needs no deduplication
 * @param increments field name (see {@link StatsFields}) to amount
 */
public record Credit(String token, Map<String, Double> increments) {
}
