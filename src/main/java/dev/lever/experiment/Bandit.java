package dev.lever.experiment;

import dev.lever.error.LeverException;
import dev.lever.context.FeatureSpace;
import dev.lever.context.LinearModel;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bandit: an adaptive policy shifts traffic toward the arm that earns more, while it learns. Each request is
 * assigned on its own, unless the experiment is sticky.
 *
 * @param policy the bandit policy (never a fixed split)
 * @param sticky whether a unit keeps the arm it was first given
 * @param stickyTtl how long a sticky unit that does not come back keeps its arm; {@code null} when not sticky
 * @param control the arm the guardrails compare every other arm with, an active arm; {@code null} without guardrails
 * @param features the feature space of a contextual policy's contexts; {@code null} for any other policy
 * @param model a contextual policy's linear model, {@link LinearModel#DISJOINT} for any other policy
 */
record Bandit(Policy policy, boolean sticky, Duration stickyTtl, String control, FeatureSpace features,
        LinearModel model) implements Design {

    @Override
    public Split split() {
        return Split.REQUEST;
    }

    @Override
    public boolean autoStop() {
        return true;
    }

    @Override
    public Plan plan() {
        return null;
    }

    @Override
    public boolean sequential() {
        return false;
    }

    @Override
    public boolean isAbTest() {
        return false;
    }

    @Override
    public Optional<double[]> plannedShares(int activeArms) {
        return Optional.empty();
    }

    @Override
    public ExperimentSpec toSpec(ExperimentSpec common, List<Arm> active, RewardKind primary,
            boolean sharesWrittenOut) {
        Map<String, Object> policySpec = new LinkedHashMap<>();
        policySpec.put("type", policy.type());
        policySpec.putAll(policy.parameters());
        if (primary == RewardKind.CONTINUOUS) {
            // A Beta prior does not apply to a continuous reward; a request may not set it either.
            policySpec.keySet().removeAll(policy.binaryOnlyParameters());
        }
        return new ExperimentSpec(common.arms(), policySpec, common.reward(), common.rewardWindow(), sticky,
                sticky ? Durations.format(stickyTtl) : null,
                common.metrics(), null, control, null, null, null)
                .withFeatures(features == null ? null : new FeaturesSpec(features.dimension(),
                        model == LinearModel.SHARED ? model.wireName() : null));
    }

    @Override
    public Design withArm(String experimentId) {
        return this;
    }

    @Override
    public Design withRetired(String armId, List<Arm> active) {
        if (armId.equals(control)) {
            throw LeverException.conflict("arm", "cannot retire '" + armId + "': it is the control arm of the "
                    + "guardrails");
        }
        return this;
    }

    @Override
    public Design withReinstated(String experimentId, String armId) {
        return this;
    }
}
