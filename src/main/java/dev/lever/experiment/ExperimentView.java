package dev.lever.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An experiment as the API shows it: its definition with every default written out, and, for a single experiment,
 * its live per-arm statistics, and for a bandit its {@link Leader}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentView(String id, List<ArmSpec> arms, Map<String, Object> policy, String reward,
        String rewardWindow, Boolean sticky, String stickyTtl, String split, String control, List<MetricSpec> metrics,
        PlanSpec plan, String test, Boolean autoStop, FeaturesSpec features, boolean log, long version,
        List<ArmView> stats, Leader leader) {

    static ExperimentView of(VersionedExperiment versioned, List<ArmView> stats, Leader leader) {
        ExperimentSpec spec = versioned.experiment().toShownSpec();
        return new ExperimentView(versioned.experiment().id(), spec.arms(), spec.policy(), spec.reward(),
                spec.rewardWindow(), spec.sticky(), spec.stickyTtl(), spec.split(), spec.control(), spec.metrics(),
                spec.plan(), spec.test(), spec.autoStop(), spec.features(), versioned.experiment().log(),
                versioned.version(), stats, leader);
    }
}
