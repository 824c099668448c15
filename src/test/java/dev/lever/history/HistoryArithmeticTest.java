package dev.lever.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Bucketing, roll-up and query planning. */
class HistoryArithmeticTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long NOW = Instant.parse("2026-03-10T12:34:56Z").toEpochMilli();

    /** Random minute buckets of two arms over a few hours. */
    private static List<BucketTotals> minutes(long seed, int count) {
        java.util.Random random = new java.util.Random(seed);
        List<BucketTotals> buckets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = Math.floorDiv(NOW, MINUTE) * MINUTE - random.nextInt(600) * MINUTE;
            long decisions = random.nextInt(50);
            double share = random.nextDouble();
            buckets.add(new BucketTotals(start, decisions, Map.of(
                    "a", new ArmTotals(random.nextInt(100), decisions * share,
                            Map.of("click", new MetricTotals(random.nextInt(10), random.nextInt(10)))),
                    "b", new ArmTotals(random.nextInt(100), decisions * (1 - share), Map.of()))));
        }
        return buckets;
    }

    @Property(tries = 200)
    void rollingUpMinutesToHoursPreservesTotals(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int count) {
        List<BucketTotals> minutes = minutes(seed, count);
        List<BucketTotals> hours = RollUp.rollUp(minutes, HOUR);
        BucketTotals all = minutes.stream().reduce(BucketTotals.empty(0), BucketTotals::plus);
        BucketTotals rolled = hours.stream().reduce(BucketTotals.empty(0), BucketTotals::plus);
        assertEquals(all.pulls(), rolled.pulls());
        assertEquals(all.decisions(), rolled.decisions());
        assertEquals(all.arm("a").metric("click"), rolled.arm("a").metric("click"));
        assertEquals(all.arm("a").allocationSum(), rolled.arm("a").allocationSum(), 1e-9 * (1 + count));
        for (BucketTotals hour : hours) {
            assertEquals(0, hour.startMillis() % HOUR, "aligned to the hour");
            long inside = minutes.stream().filter(m -> m.startMillis() / HOUR * HOUR == hour.startMillis())
                    .mapToLong(BucketTotals::pulls).sum();
            assertEquals(inside, hour.pulls(), "each hour holds exactly its minutes");
        }
        assertEquals(RollUp.rollUp(minutes, 2 * HOUR).stream().map(BucketTotals::pulls).toList(),
                RollUp.rollUp(hours, 2 * HOUR).stream().map(BucketTotals::pulls).toList(),
                "rolling up in steps or at once gives the same buckets");
    }

    @Property(tries = 300)
    void everyInstantLiesInItsBucket(@ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long at) {
        Resolution minutes = Resolutions.DEFAULT.finest();
        long start = minutes.start(at);
        assertTrue(start <= at && at < start + minutes.sizeMillis());
        assertEquals(0, start % minutes.sizeMillis());
    }

    @Test
    void meanAllocationIsTheSumOverDecisions() {
        BucketTotals bucket = new BucketTotals(0, 4, Map.of("a", new ArmTotals(3, 3.0, Map.of()),
                "b", new ArmTotals(1, 1.0, Map.of())));
        assertEquals(0.75, bucket.allocation("a"));
        assertEquals(0.0, bucket.allocation("c"), "an arm the policy gave nothing");
        assertEquals(null, BucketTotals.empty(0).allocation("a"), "no decisions, no allocation");
    }

    @Test
    void levelsAreParsedAndChecked() {
        Resolutions levels = Resolutions.parse("PT1M:P1D, PT1H:P90D");
        assertEquals(Resolutions.DEFAULT, levels);
        assertEquals(1441, levels.finest().bucketsKept());
        assertEquals(2161, levels.coarsest().bucketsKept());
        assertThrows(IllegalArgumentException.class, () -> Resolutions.parse("PT1M:P1D,PT90S:P2D"),
                "not a multiple");
        assertThrows(IllegalArgumentException.class, () -> Resolutions.parse("PT1M:P2D,PT1H:P1D"),
                "coarser kept shorter");
        assertThrows(IllegalArgumentException.class, () -> Resolutions.parse("PT0.5S:P1D"), "under a second");
        assertThrows(IllegalArgumentException.class, () -> Resolutions.parse("PT1M"), "no retention");
        assertThrows(IllegalArgumentException.class, () -> Resolutions.parse("1m:1d"), "not ISO-8601");
    }

    private static HistoryWindow plan(String from, String to, String bucket, long started) {
        return HistoryWindow.plan(from, to, bucket, Resolutions.DEFAULT, NOW, started, 1500);
    }

    @Test
    void theDefaultRangeIsTheLastHourOrSinceTheStart() {
        HistoryWindow hour = plan(null, null, null, 0);
        assertEquals(MINUTE, hour.bucketMillis());
        assertEquals(Math.floorDiv(NOW - HOUR, MINUTE) * MINUTE, hour.firstMillis());
        assertEquals(61, hour.points(), "the last hour, both partial minutes included");
        HistoryWindow young = plan(null, null, null, NOW - 5 * MINUTE - 1);
        assertEquals(6, young.points(), "since the experiment started");
    }

    @Test
    void theDefaultBucketIsTheFinestThatHoldsTheRange() {
        String now = Instant.ofEpochMilli(NOW).toString();
        assertEquals(MINUTE, plan(Instant.ofEpochMilli(NOW - Duration.ofHours(20).toMillis()).toString(), now,
                null, 0).bucketMillis());
        HistoryWindow days = plan(Instant.ofEpochMilli(NOW - Duration.ofDays(3).toMillis()).toString(), now, null, 0);
        assertEquals(HOUR, days.bucketMillis(), "minutes are gone after a day");
        assertEquals(Resolutions.DEFAULT.coarsest(), days.source());
        HistoryWindow long80 = plan(Instant.ofEpochMilli(NOW - Duration.ofDays(80).toMillis()).toString(), now,
                null, 0);
        assertEquals(2 * HOUR, long80.bucketMillis(), "1920 hours exceed 1500 points");
        assertTrue(long80.points() <= 1500);
    }

    @Test
    void aChosenBucketReadsTheCoarsestLevelThatTilesIt() {
        HistoryWindow fiveMinutes = plan("2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z", "PT5M", 0);
        assertEquals(Resolutions.DEFAULT.finest(), fiveMinutes.source());
        assertEquals(12, fiveMinutes.points());
        HistoryWindow days = plan("2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z", "P1D", 0);
        assertEquals(Resolutions.DEFAULT.coarsest(), days.source());
        assertEquals(9, days.points());
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("from", assertThrows(InvalidHistoryQueryException.class,
                () -> plan("noon", null, null, 0)).parameter());
        assertEquals("to", assertThrows(InvalidHistoryQueryException.class,
                () -> plan(null, "+999999999-12-31T23:59:59Z", null, 0)).parameter());
        assertEquals("from", assertThrows(InvalidHistoryQueryException.class,
                () -> plan("2026-03-10T11:00:00Z", "2026-03-10T10:00:00Z", null, 0)).parameter());
        assertEquals("bucket", assertThrows(InvalidHistoryQueryException.class,
                () -> plan(null, null, "PT30S", 0)).parameter());
        assertEquals("bucket", assertThrows(InvalidHistoryQueryException.class,
                () -> plan(null, null, "PT0S", 0)).parameter());
        assertEquals("bucket", assertThrows(InvalidHistoryQueryException.class,
                () -> plan("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "PT1M", 0)).parameter());
    }
}
