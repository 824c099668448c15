package dev.lever.decision;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /experiments/{id}/covariates}: units' pre-experiment values of metrics, for CUPED.
 *
 * @param units one entry per unit
 */
public record CovariatesRequest(List<UnitCovariates> units) {

    /**
     * @param unit the unit id, as sent to {@code /select}
     * @param values the unit's pre-experiment value of some of the experiment's metrics, by metric id
     */
    public record UnitCovariates(String unit, Map<String, Double> values) {
    }

    /**
     * What was recorded.
     *
     * @param experiment the experiment id
     * @param units how many units' values were sent (a unit's first value of a metric counts, later ones not)
     */
    public record Receipt(String experiment, int units) {
    }
}
