package dev.lever.store;

import dev.lever.context.Features;

/**
 * What a reward of a contextual decision adds to its arm's {@link LinearTotals}: when the credit of {@code metric}
 * is fresh (counted for the first time), x x^T to S, r x to b and 1 to the count, with r the credit's value.
 *
 * @param metric the primary metric, the one the policy learns
 * @param features the decision's feature vector x
 */
public record LinearUpdate(String metric, Features features) {

    /** The update as the reward script reads it: the metric, then {@code slot:value} per non-zero slot. */
    String encode() {
        StringBuilder text = new StringBuilder(metric);
        for (int i = 0; i < features.size(); i++) {
            text.append(' ').append(features.index(i)).append(':').append(StatsCodec.number(features.value(i)));
        }
        return text.toString();
    }
}
