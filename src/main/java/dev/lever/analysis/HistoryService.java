package dev.lever.analysis;

import dev.lever.analysis.HistoryView.ArmPoint;
import dev.lever.analysis.HistoryView.MetricPoint;
import dev.lever.analysis.HistoryView.Point;
import dev.lever.error.LeverException;
import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentService;
import dev.lever.experiment.Ids;
import dev.lever.experiment.Metric;
import dev.lever.history.ArmTotals;
import dev.lever.history.BucketTotals;
import dev.lever.history.HistoryWindow;
import dev.lever.history.InvalidHistoryQueryException;
import dev.lever.history.MetricTotals;
import dev.lever.history.Resolutions;
import dev.lever.history.RollUp;
import dev.lever.policy.ArmStats;
import dev.lever.store.HistoryConfig;
import dev.lever.store.StateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads an experiment's history: plans the buckets ({@link HistoryWindow}), reads one stored level, rolls it up. */
@ApplicationScoped
public class HistoryService {

    private final ExperimentService experiments;
    private final StateStore store;
    private final Resolutions levels;
    private final int maxPoints;

    public HistoryService(ExperimentService experiments, StateStore store, HistoryConfig config) {
        this.experiments = experiments;
        this.store = store;
        this.levels = config.resolutions();
        this.maxPoints = config.maxPoints();
    }

    /**
     * The experiment's statistics per bucket.
     *
     * @param from an ISO-8601 instant or {@code null}, see {@link HistoryWindow#plan}
     * @param to an ISO-8601 instant or {@code null}
     * @param bucket an ISO-8601 duration or {@code null}
     */
    public Uni<HistoryView> history(String id, String from, String to, String bucket) {
        Ids.require("id", id);
        if (!levels.enabled()) {
            throw LeverException.notFound("history is switched off on this service (lever.history.enabled=false)");
        }
        long now = System.currentTimeMillis();
        plan(from, to, bucket, now, 0); // a malformed query is refused before the store is asked anything
        return experiments.get(id).chain(versioned -> {
            HistoryWindow window = plan(from, to, bucket, now, versioned.createdMillis());
            return store.history(id, versioned.epoch(), window.source(), window.firstMillis(), window.endMillis())
                    .map(stored -> view(versioned.experiment(), window,
                            RollUp.rollUp(stored, window.bucketMillis())));
        });
    }

    private HistoryWindow plan(String from, String to, String bucket, long now, long started) {
        try {
            return HistoryWindow.plan(from, to, bucket, levels, now, started, maxPoints);
        } catch (InvalidHistoryQueryException e) {
            throw LeverException.invalid(e.parameter(), e.getMessage());
        }
    }

    private static HistoryView view(Experiment experiment, HistoryWindow window, List<BucketTotals> buckets) {
        Map<Long, BucketTotals> byStart = buckets.stream()
                .collect(Collectors.toMap(BucketTotals::startMillis, Function.identity()));
        List<Point> points = new ArrayList<>();
        for (long start = window.firstMillis(); start < window.endMillis(); start += window.bucketMillis()) {
            BucketTotals bucket = byStart.getOrDefault(start, BucketTotals.empty(start));
            List<ArmPoint> arms = new ArrayList<>(experiment.arms().size());
            for (Arm arm : experiment.arms()) {
                arms.add(armPoint(experiment, bucket, arm.id()));
            }
            points.add(new Point(Instant.ofEpochMilli(start).toString(), arms));
        }
        return new HistoryView(experiment.id(), Duration.ofMillis(window.bucketMillis()).toString(),
                Instant.ofEpochMilli(window.firstMillis()).toString(),
                Instant.ofEpochMilli(window.endMillis()).toString(), points);
    }

    private static ArmPoint armPoint(Experiment experiment, BucketTotals bucket, String arm) {
        ArmTotals totals = bucket.arm(arm);
        MetricTotals primary = totals.metric(experiment.primary().id());
        ArmStats stats = new ArmStats(totals.pulls(), primary.count(), primary.sum(), 0.0);
        Double mean = experiment.reward().observations(stats) == 0 ? null : experiment.reward().mean(stats);
        List<MetricPoint> metrics = null;
        if (experiment.isAbTest()) {
            metrics = new ArrayList<>();
            for (Metric metric : experiment.metrics()) {
                MetricTotals values = totals.metric(metric.id());
                metrics.add(new MetricPoint(metric.id(), values.count(), values.sum()));
            }
        }
        return new ArmPoint(arm, totals.pulls(), primary.count(), primary.sum(), mean, bucket.allocation(arm),
                metrics);
    }
}
