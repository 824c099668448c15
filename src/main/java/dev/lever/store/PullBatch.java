package dev.lever.store;

import java.util.List;
import java.util.Map;

/**
 * Buffered selections of one experiment, added to the store in one atomic step.
 *
 * @param experiment the experiment id
 * @param epoch the epoch they were counted under
 * @param pulls arm id to the number of pulls to add
 * @param units unit key to its exposures, for an experiment analysed per unit (else empty)
 * @param metrics the experiment's metrics, whose unit-level moments the exposures update
 */
public record PullBatch(String experiment, String epoch, Map<String, Long> pulls, Map<String, UnitPull> units,
        List<TrackedMetric> metrics) {
}
