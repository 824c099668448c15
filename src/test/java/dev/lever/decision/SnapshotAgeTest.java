package dev.lever.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lever.experiment.ArmSpec;
import dev.lever.experiment.ExperimentParser;
import dev.lever.experiment.ExperimentSpec;
import dev.lever.experiment.VersionedExperiment;
import dev.lever.observability.ExperimentSeries;
import dev.lever.observability.LeverMetersAccess;
import dev.lever.store.ExperimentStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which snapshots {@code lever_snapshot_age_seconds} counts: a fresh one, or a stale one decisions were drawn from
 * in the last minute (an outage); not the aging snapshot of an experiment without traffic.
 */
class SnapshotAgeTest {

    private static final long REFRESH = 100_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static LiveExperiment loadedAt(long nanos) {
        var experiment = ExperimentParser.parse("age", new ExperimentSpec(List.of(new ArmSpec("a", false),
                new ArmSpec("b", false)), Map.of("type", "ucb1"), null, null, null, null, null, null, null, null, null));
        ExperimentSeries series = LeverMetersAccess.series(experiment.id(), List.of("a", "b"));
        return new LiveExperiment(new VersionedExperiment(experiment, 1, "epoch", 0), ExperimentStats.EMPTY, nanos,
                Runnable::run, series);
    }

    @Test
    void aFreshSnapshotCountsWithItsAge() {
        LiveExperiment experiment = loadedAt(0);
        assertEquals(REFRESH / 2, experiment.servedAgeNanos(REFRESH / 2, REFRESH));
    }

    @Test
    void anIdleExperimentsAgingSnapshotDoesNotCount() {
        LiveExperiment experiment = loadedAt(0);
        assertEquals(0, experiment.servedAgeNanos(3_600 * SECOND, REFRESH));
    }

    @Test
    void aStaleSnapshotServedDuringAnOutageCountsForAMinuteAfterItsLastDecision() {
        LiveExperiment experiment = loadedAt(0);
        experiment.servedStale(5 * SECOND);
        assertEquals(6 * SECOND, experiment.servedAgeNanos(6 * SECOND, REFRESH));
        assertEquals(64 * SECOND, experiment.servedAgeNanos(64 * SECOND, REFRESH));
        assertEquals(0, experiment.servedAgeNanos(66 * SECOND, REFRESH));
    }
}
