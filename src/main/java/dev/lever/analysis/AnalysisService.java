package dev.lever.analysis;

import dev.lever.analysis.Views.Analysis;
import dev.lever.error.LeverException;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentService;
import dev.lever.store.StateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Analyses a fixed-split experiment ({@link Comparisons}) from one read of its statistics and running sequential
 * results, and merges the sequential results of this look into the stored ones, so that an always-valid p-value
 * never rises from one look to the next, whichever replica answers.
 */
@ApplicationScoped
public class AnalysisService {

    private final ExperimentService experiments;
    private final StateStore store;

    public AnalysisService(ExperimentService experiments, StateStore store) {
        this.experiments = experiments;
        this.store = store;
    }

    public Uni<Analysis> analyse(String id) {
        return experiments.get(id).chain(versioned -> {
            Experiment experiment = versioned.experiment();
            double[] shares = experiment.plannedShares().orElseThrow(() -> LeverException.conflict(null,
                    "experiment '" + experiment.id() + "' runs the " + experiment.policy().type() + " bandit "
                            + "policy: its adaptive allocation is not a planned test, so it has no A/B analysis; "
                            + "compare arms with GET /experiments/" + experiment.id()));
            return Uni.combine().all().unis(store.stats(id), store.sequentialResults(id)).asTuple().chain(read -> {
                Comparisons comparisons = new Comparisons(experiment, shares, read.getItem1(),
                        experiment.split().hashed(), read.getItem2());
                Analysis analysis = comparisons.analysis();
                if (comparisons.updatedRunning().isEmpty()) {
                    return Uni.createFrom().item(analysis);
                }
                return store.mergeSequentialResults(id, versioned.epoch(), comparisons.updatedRunning())
                        .replaceWith(analysis);
            });
        });
    }
}
