package dev.lever.store;

import java.util.Map;

/**
 * A unit's buffered exposures in one arm.
 *
 * @param arm the arm its decisions chose
 * @param exposures how many decisions
 * @param covariates pre-experiment values by metric id sent with them (the first of each counts)
 */
public record UnitPull(String arm, long exposures, Map<String, Double> covariates) {

    /** Both pulls as one: the earlier arm, the exposures added, and each metric's earlier covariate. */
    UnitPull plus(UnitPull later) {
        Map<String, Double> merged = covariates;
        if (!later.covariates.isEmpty()) {
            merged = new java.util.HashMap<>(later.covariates);
            merged.putAll(covariates);
        }
        return new UnitPull(arm, exposures + later.exposures, merged);
    }
}
