package dev.lever.history;

import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/** Adds buckets into coarser ones: sums of counts, sums and allocation sums, so totals are preserved exactly. */
public final class RollUp {

    private RollUp() {
    }

    /**
     * The buckets of {@code sizeMillis} that the given buckets fall in, ordered by start; a coarser bucket holds the
     * sum of the finer ones starting inside it.
     *
     * @param buckets buckets of one size that divides {@code sizeMillis}, aligned to the Unix epoch, in any order
     * @param sizeMillis the coarser size, positive
     */
    public static List<BucketTotals> rollUp(Collection<BucketTotals> buckets, long sizeMillis) {
        if (sizeMillis <= 0) {
            throw new IllegalArgumentException("bucket size must be positive, was " + sizeMillis);
        }
        TreeMap<Long, BucketTotals> coarse = new TreeMap<>();
        for (BucketTotals bucket : buckets) {
            long start = Math.floorDiv(bucket.startMillis(), sizeMillis) * sizeMillis;
            coarse.merge(start, new BucketTotals(start, bucket.decisions(), bucket.arms()), BucketTotals::plus);
        }
        return List.copyOf(coarse.values());
    }
}
