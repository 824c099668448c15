package dev.lever.store;

import dev.lever.history.BucketTotals;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Buffered selections of one experiment, added to the store in one atomic step.
 *
 * @param experiment the experiment id
 * @param epoch the epoch they were counted under
 * @param buckets per bucket of the finest history level (by the selections' time): the pulls per arm, and the
 *     allocation sums and decisions behind them when they are recorded with this batch
 * @param units unit key to its exposures, for an experiment analysed per unit (else empty)
 * @param metrics the experiment's metrics, whose unit-level moments the exposures update
 * @param log decisions to append to the experiment's decision log, in order (else empty)
 */
public record PullBatch(String experiment, String epoch, List<BucketTotals> buckets, Map<String, UnitPull> units,
        List<TrackedMetric> metrics, List<LogEntry.Decision> log) {

    public PullBatch {
        buckets = List.copyOf(buckets);
        log = List.copyOf(log);
    }

    /** A batch with no decision log entries. */
    public PullBatch(String experiment, String epoch, List<BucketTotals> buckets, Map<String, UnitPull> units,
            List<TrackedMetric> metrics) {
        this(experiment, epoch, buckets, units, metrics, List.of());
    }

    /** The pulls to add per arm, over every bucket. */
    public Map<String, Long> pulls() {
        Map<String, Long> pulls = new HashMap<>();
        for (BucketTotals bucket : buckets) {
            bucket.arms().forEach((arm, totals) -> {
                if (totals.pulls() > 0) {
                    pulls.merge(arm, totals.pulls(), Long::sum);
                }
            });
        }
        return pulls;
    }
}
