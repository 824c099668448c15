package dev.lever.decision;

/**
 * The body of {@code POST /select}.
 *
 * @param experiment the experiment id
 * @param unit optional: who or what the decision is for (a user, session or request id); a sticky experiment keeps
 *     a unit on its first arm
 * @param covariates optional, for an experiment analysed per unit: the unit's pre-experiment value of some of the
 *     experiment's metrics (CUPED), by metric id; the first value the unit sends for a metric counts
 * @param context optional, for an experiment with a contextual policy or one that keeps a decision log (which logs
 *     it, for off-policy evaluation, and otherwise ignores it): the request's features, a flat object of strings,
 *     numbers, booleans and nulls (see {@link dev.lever.context.FeatureSpace})
 */
public record SelectRequest(String experiment, String unit, java.util.Map<String, Double> covariates,
        java.util.Map<String, Object> context) {

    /** A request without a context. */
    public SelectRequest(String experiment, String unit, java.util.Map<String, Double> covariates) {
        this(experiment, unit, covariates, null);
    }
}
