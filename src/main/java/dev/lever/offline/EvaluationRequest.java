package dev.lever.offline;

import dev.lever.experiment.FeaturesSpec;
import java.util.Map;

/**
 * The body of {@code POST /experiments/{id}/evaluate}.
 *
 * @param policy the candidate: any policy the experiment's {@code policy} field accepts, with its parameters
 * @param since evaluate the log after this entry id only (default: from the oldest entry kept)
 * @param confidence the intervals' confidence level, in [0.5, 0.999] (default 0.95)
 * @param refreshEvery how many logged decisions the candidate's allocation serves before it is recomputed from the
 *     statistics so far, 1 to 1,000,000 (default: the decisions / 1000, at least 1)
 * @param seed the seed of the candidate's Monte-Carlo allocations (Thompson sampling), default 1
 * @param features how logged contexts become features, {@code {"dimension": d}}, for a contextual candidate and for
 *     the doubly robust estimate's reward model of a log with contexts (default: the experiment's own dimension
 *     when it has one, else {@value dev.lever.context.FeatureSpace#DEFAULT_DIMENSION})
 */
public record EvaluationRequest(Map<String, Object> policy, String since, Double confidence, Integer refreshEvery,
        Long seed, FeaturesSpec features) {
}
