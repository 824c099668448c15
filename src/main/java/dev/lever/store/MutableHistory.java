package dev.lever.store;

import dev.lever.history.ArmTotals;
import dev.lever.history.BucketTotals;
import dev.lever.history.MetricTotals;
import dev.lever.history.Resolution;
import dev.lever.history.Resolutions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One experiment's history held in this process, written exactly as the Lua scripts write Redis (see
 * {@code lua/lib/history.lua}): every event goes into its bucket at each level, and a level forgets the buckets past
 * their retention as it is written. Not thread-safe: the in-memory store holds the experiment's lock around every
 * call.
 */
final class MutableHistory {

    /**
     * Distinct allocations a bucket tallies before adding them into its sums: a decision costs one increment, and an
     * allocation (of one entry per arm) is added once per this many new ones rather than once per decision.
     */
    private static final int TALLY_LIMIT = 16;

    private final Resolutions levels;
    private final Map<Resolution, TreeMap<Long, Bucket>> buckets = new HashMap<>();

    MutableHistory(Resolutions levels) {
        this.levels = levels;
        for (Resolution level : levels.levels()) {
            buckets.put(level, new TreeMap<>());
        }
    }

    private static final class Bucket {
        long decisions;
        final Map<String, Long> pulls = new HashMap<>();
        final Map<String, Double> allocationSums = new HashMap<>();
        final Map<Allocation, Long> tally = new IdentityHashMap<>();
        final Map<String, Map<String, MetricTotals>> metrics = new HashMap<>();

        void addAllocation(Allocation allocation, long decisions) {
            this.decisions += decisions;
            tally.merge(allocation, decisions, Long::sum);
            if (tally.size() > TALLY_LIMIT) {
                foldTally();
            }
        }

        void foldTally() {
            tally.forEach((allocation, count) -> allocation.addTo(allocationSums, count));
            tally.clear();
        }

        BucketTotals totals(long start) {
            foldTally();
            Map<String, ArmTotals> arms = new HashMap<>();
            java.util.Set<String> ids = new java.util.HashSet<>(pulls.keySet());
            ids.addAll(allocationSums.keySet());
            ids.addAll(metrics.keySet());
            for (String arm : ids) {
                arms.put(arm, new ArmTotals(pulls.getOrDefault(arm, 0L), allocationSums.getOrDefault(arm, 0.0),
                        metrics.getOrDefault(arm, Map.of())));
            }
            return new BucketTotals(start, decisions, arms);
        }
    }

    /** Runs {@code change} on the bucket holding {@code atMillis} at every level still keeping it. */
    private void eachBucket(long atMillis, long nowMillis, java.util.function.Consumer<Bucket> change) {
        for (Resolution level : levels.levels()) {
            TreeMap<Long, Bucket> kept = buckets.get(level);
            while (!kept.isEmpty() && !level.keeps(kept.firstKey(), nowMillis)) {
                kept.pollFirstEntry();
            }
            long start = level.start(atMillis);
            if (level.keeps(start, nowMillis)) {
                change.accept(kept.computeIfAbsent(start, s -> new Bucket()));
            }
        }
    }

    /** A decision: a pull of the arm and, unless {@code null}, the allocation it was drawn from. */
    void addDecision(long atMillis, long nowMillis, String arm, Allocation allocation) {
        eachBucket(atMillis, nowMillis, bucket -> {
            bucket.pulls.merge(arm, 1L, Long::sum);
            if (allocation != null) {
                bucket.addAllocation(allocation, 1);
            }
        });
    }

    /** A batch's bucket of pulls, allocation sums and decisions. */
    void addBucket(BucketTotals added, long nowMillis) {
        eachBucket(added.startMillis(), nowMillis, bucket -> {
            bucket.decisions += added.decisions();
            added.arms().forEach((arm, totals) -> {
                if (totals.pulls() > 0) {
                    bucket.pulls.merge(arm, totals.pulls(), Long::sum);
                }
                if (totals.allocationSum() > 0) {
                    bucket.allocationSums.merge(arm, totals.allocationSum(), Double::sum);
                }
            });
        });
    }

    /** A reward's fresh values, with its own pull when it is a direct reward. */
    void addReward(long atMillis, long nowMillis, String arm, boolean countsPull, Map<String, Double> credited) {
        if (!countsPull && credited.isEmpty()) {
            return;
        }
        eachBucket(atMillis, nowMillis, bucket -> {
            if (countsPull) {
                bucket.pulls.merge(arm, 1L, Long::sum);
            }
            Map<String, MetricTotals> armMetrics = bucket.metrics.computeIfAbsent(arm, a -> new LinkedHashMap<>());
            credited.forEach((metric, value) -> armMetrics.merge(metric, new MetricTotals(1, value),
                    MetricTotals::plus));
        });
    }

    /** The level's kept buckets starting in {@code [fromMillis, endMillis)}, by start. */
    List<BucketTotals> read(Resolution level, long fromMillis, long endMillis, long nowMillis) {
        TreeMap<Long, Bucket> kept = buckets.get(level);
        List<BucketTotals> read = new ArrayList<>();
        if (kept == null || fromMillis >= endMillis) {
            return read;
        }
        kept.subMap(fromMillis, endMillis).forEach((start, bucket) -> {
            if (level.keeps(start, nowMillis)) {
                read.add(bucket.totals(start));
            }
        });
        return read;
    }
}
