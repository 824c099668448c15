package dev.lever.history;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The buckets that answer one history query: every bucket of {@code bucketMillis} that overlaps {@code [from, to)},
 * read from the stored level {@code source} (whose buckets tile the answer's) and rolled up.
 *
 * @param firstMillis the start of the first bucket
 * @param endMillis the end of the last bucket
 * @param bucketMillis the size of the answer's buckets
 * @param source the stored level read
 */
public record HistoryWindow(long firstMillis, long endMillis, long bucketMillis, Resolution source) {

    /** The default span of a query without {@code from}. */
    public static final Duration DEFAULT_SPAN = Duration.ofHours(1);

    /** The number of points in the answer. */
    public long points() {
        return (endMillis - firstMillis) / bucketMillis;
    }

    /**
     * Plans a query.
     *
     * @param from an ISO-8601 instant, or {@code null}: the later of an hour before {@code to} and the experiment's
     *     start
     * @param to an ISO-8601 instant, or {@code null}: now
     * @param bucket an ISO-8601 duration that is a multiple of a stored level's bucket, or {@code null}: the finest
     *     level still holding {@code from} whose buckets cover the range in at most {@code maxPoints} points (or,
     *     when none does, the smallest multiple of the coarsest level's bucket that does)
     * @param startedMillis when the experiment was created, 0 when unknown
     * @throws InvalidHistoryQueryException naming the parameter at fault and what is allowed
     */
    public static HistoryWindow plan(String from, String to, String bucket, Resolutions levels, long nowMillis,
            long startedMillis, int maxPoints) {
        long toMillis = to == null ? nowMillis : instant("to", to);
        long fromMillis;
        if (from == null) {
            fromMillis = Math.min(Math.max(toMillis - DEFAULT_SPAN.toMillis(), startedMillis), toMillis - 1);
        } else {
            fromMillis = instant("from", from);
            if (fromMillis >= toMillis) {
                throw new InvalidHistoryQueryException("from", "from must be before to (" + Instant.ofEpochMilli(
                        toMillis) + "), was " + Instant.ofEpochMilli(fromMillis));
            }
        }
        if (bucket != null) {
            long size = duration(bucket);
            Resolution source = levels.coarsestDividing(size).orElseThrow(() -> new InvalidHistoryQueryException(
                    "bucket", "bucket must be a multiple of a stored bucket (" + levels.sizes() + "), was " + bucket));
            HistoryWindow window = of(fromMillis, toMillis, size, source);
            if (window.points() > maxPoints) {
                throw new InvalidHistoryQueryException("bucket", "the range " + Instant.ofEpochMilli(fromMillis)
                        + " to " + Instant.ofEpochMilli(toMillis) + " in buckets of " + bucket + " makes "
                        + window.points() + " points, more than the " + maxPoints + " allowed: use a larger bucket "
                        + "or a shorter range");
            }
            return window;
        }
        for (Resolution level : levels.levels()) {
            HistoryWindow window = of(fromMillis, toMillis, level.sizeMillis(), level);
            if (level.keeps(window.firstMillis, nowMillis) && window.points() <= maxPoints) {
                return window;
            }
        }
        Resolution coarsest = levels.coarsest();
        long multiple = Math.max(1, Math.floorDiv(toMillis - fromMillis, coarsest.sizeMillis() * maxPoints));
        HistoryWindow window = of(fromMillis, toMillis, multiple * coarsest.sizeMillis(), coarsest);
        while (window.points() > maxPoints) {
            multiple++;
            window = of(fromMillis, toMillis, multiple * coarsest.sizeMillis(), coarsest);
        }
        return window;
    }

    private static HistoryWindow of(long fromMillis, long toMillis, long size, Resolution source) {
        long first = Math.floorDiv(fromMillis, size) * size;
        long end = Math.floorDiv(toMillis - 1, size) * size + size;
        return new HistoryWindow(first, end, size, source);
    }

    /** The latest instant a query may name, 9999-12-31T23:59:59.999Z: keeps every span in range of a long. */
    private static final long LAST_MILLIS = 253_402_300_799_999L;

    private static long instant(String parameter, String text) {
        long millis;
        try {
            millis = Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidHistoryQueryException(parameter, parameter + " must be an ISO-8601 instant in UTC, e.g. "
                    + "2026-01-31T12:00:00Z, was '" + text + "'");
        }
        if (millis < 0 || millis > LAST_MILLIS) {
            throw new InvalidHistoryQueryException(parameter, parameter + " must be from 1970-01-01T00:00:00Z to "
                    + "9999-12-31T23:59:59.999Z, was " + text);
        }
        return millis;
    }

    private static long duration(String text) {
        Duration size;
        try {
            size = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidHistoryQueryException("bucket", "bucket must be an ISO-8601 duration, e.g. PT5M or PT1H, "
                    + "was '" + text + "'");
        }
        if (size.isNegative() || size.isZero() || size.toMillis() > Duration.ofDays(3660).toMillis()) {
            throw new InvalidHistoryQueryException("bucket", "bucket must be positive and at most P3660D, was "
                    + text);
        }
        return size.toMillis();
    }
}
