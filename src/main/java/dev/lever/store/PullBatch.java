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
 * @param sequence its place in the sending replica's order, which makes sending it again harmless; {@code null} for
 *     a batch applied whenever it arrives (nothing to count, or written through once)
 */
public record PullBatch(String experiment, String epoch, List<BucketTotals> buckets, Map<String, UnitPull> units,
        List<TrackedMetric> metrics, List<LogEntry.Decision> log, BatchSequence sequence) {

    public PullBatch {
        buckets = List.copyOf(buckets);
        log = List.copyOf(log);
    }

    /** A batch without a sequence. */
    public PullBatch(String experiment, String epoch, List<BucketTotals> buckets, Map<String, UnitPull> units,
            List<TrackedMetric> metrics, List<LogEntry.Decision> log) {
        this(experiment, epoch, buckets, units, metrics, log, null);
    }

    /** A batch with no decision log entries and no sequence. */
    public PullBatch(String experiment, String epoch, List<BucketTotals> buckets, Map<String, UnitPull> units,
            List<TrackedMetric> metrics) {
        this(experiment, epoch, buckets, units, metrics, List.of());
    }

    /** The same batch with its place in the sending replica's order. */
    public PullBatch sequenced(BatchSequence next) {
        return new PullBatch(experiment, epoch, buckets, units, metrics, log, next);
    }

    /** Whether it adds nothing: no pulls or allocations, no exposures, no log entries. */
    public boolean isEmpty() {
        return buckets.isEmpty() && units.isEmpty() && log.isEmpty();
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
