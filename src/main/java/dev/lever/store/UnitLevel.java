package dev.lever.store;

import java.util.List;
import java.util.Map;

/**
 * The unit of a decision in an experiment analysed per unit (a user or session split).
 *
 * @param key the unit's key: a hash of the unit id, the same for every decision of the unit
 * @param covariates pre-experiment values by metric id (CUPED); a unit's first value of a metric counts
 * @param metrics the experiment's metrics, whose unit-level moments the decision updates
 */
public record UnitLevel(String key, Map<String, Double> covariates, List<TrackedMetric> metrics) {

    public UnitLevel {
        covariates = Map.copyOf(covariates);
        metrics = List.copyOf(metrics);
    }
}
