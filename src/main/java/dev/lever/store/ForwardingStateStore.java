package dev.lever.store;

import dev.lever.history.BucketTotals;
import dev.lever.history.Resolution;
import dev.lever.stats.RunningSequential;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A store that forwards every call to another; subclasses change the calls they care about. */
abstract class ForwardingStateStore implements StateStore {

    final StateStore delegate;

    ForwardingStateStore(StateStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Uni<Optional<StoredExperiment>> find(String id) {
        return delegate.find(id);
    }

    @Override
    public Uni<List<StoredExperiment>> list() {
        return delegate.list();
    }

    @Override
    public Uni<Long> count() {
        return delegate.count();
    }

    @Override
    public Uni<Optional<StoredExperiment>> save(String id, String definition, long expectedVersion, String newEpoch,
            Set<String> retiredArms, Duration stickyTtl, Decay decay) {
        return delegate.save(id, definition, expectedVersion, newEpoch, retiredArms, stickyTtl, decay);
    }

    @Override
    public Uni<Boolean> delete(String id) {
        return delegate.delete(id);
    }

    @Override
    public Uni<ExperimentStats> stats(String id) {
        return delegate.stats(id);
    }

    @Override
    public Uni<List<BucketTotals>> history(String id, String epoch, Resolution level, long fromMillis,
            long endMillis) {
        return delegate.history(id, epoch, level, fromMillis, endMillis);
    }

    @Override
    public Uni<SelectionOutcome> recordSelection(Selection selection) {
        return delegate.recordSelection(selection);
    }

    @Override
    public Uni<SelectionOutcome> recordPulls(PullBatch batch, boolean returnStats) {
        return delegate.recordPulls(batch, returnStats);
    }

    @Override
    public Uni<Boolean> recordCovariates(String experiment, String epoch, List<TrackedMetric> metrics,
            Map<String, Map<String, Double>> covariates) {
        return delegate.recordCovariates(experiment, epoch, metrics, covariates);
    }

    @Override
    public Uni<RewardOutcome> recordReward(RewardRecord reward) {
        return delegate.recordReward(reward);
    }

    @Override
    public Uni<List<RewardOutcome>> recordRewards(List<RewardRecord> rewards) {
        return delegate.recordRewards(rewards);
    }

    @Override
    public Uni<Map<String, RunningSequential>> sequentialResults(String id) {
        return delegate.sequentialResults(id);
    }

    @Override
    public Uni<Boolean> mergeSequentialResults(String id, String epoch, Map<String, RunningSequential> results) {
        return delegate.mergeSequentialResults(id, epoch, results);
    }

    @Override
    public Uni<String> sharedSecret(String candidate) {
        return delegate.sharedSecret(candidate);
    }

    @Override
    public Uni<Void> ping() {
        return delegate.ping();
    }

    @Override
    public Uni<List<LoggedEntry>> decisionLog(String id, String after, int count) {
        return delegate.decisionLog(id, after, count);
    }
}
