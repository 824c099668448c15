package dev.lever.experiment;

import dev.lever.error.LeverException;
import dev.lever.context.FeatureSpace;
import dev.lever.policy.FixedSplit;
import dev.lever.policy.RewardKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A classic A/B test: each active arm gets a fixed share of the traffic, whatever the data says, and the analysis
 * compares every challenger with the control.
 *
 * @param policy the shares: explicit weights in active-arm order, or none for equal shares over however many arms
 *     are active
 * @param split what one assignment covers: a user, a session, or each request
 * @param control the arm challengers are compared with, an active arm
 * @param plan the planned sample, or {@code null}
 * @param sequential whether the analysis uses always-valid sequential tests rather than fixed-horizon ones
 * @param autoStop whether a challenger that fails a guardrail stops receiving traffic
 */
record AbTest(FixedSplit policy, Split split, String control, Plan plan, boolean sequential, boolean autoStop)
        implements Design {

    static final String FIXED_HORIZON = "fixed-horizon";
    static final String SEQUENTIAL = "sequential";

    @Override
    public boolean sticky() {
        return false;
    }

    @Override
    public Duration stickyTtl() {
        return null;
    }

    @Override
    public FeatureSpace features() {
        return null;
    }

    @Override
    public boolean isAbTest() {
        return true;
    }

    /** Whether the shares are equal by default rather than given arm by arm. */
    boolean equalShares() {
        return policy.weights().isEmpty();
    }

    @Override
    public Optional<double[]> plannedShares(int activeArms) {
        double[] shares = new double[activeArms];
        if (equalShares()) {
            Arrays.fill(shares, 1.0 / activeArms);
        } else {
            for (int i = 0; i < activeArms; i++) {
                shares[i] = policy.weights().get(i);
            }
        }
        return Optional.of(shares);
    }

    @Override
    public ExperimentSpec toSpec(ExperimentSpec common, List<Arm> active, RewardKind primary,
            boolean sharesWrittenOut) {
        Map<String, Object> policySpec = new LinkedHashMap<>();
        policySpec.put("type", policy.type());
        if (sharesWrittenOut || !equalShares()) {
            double[] shares = plannedShares(active.size()).orElseThrow();
            Map<String, Double> byArm = new LinkedHashMap<>();
            for (int i = 0; i < active.size(); i++) {
                byArm.put(active.get(i).id(), shares[i]);
            }
            policySpec.put("weights", byArm);
        }
        return new ExperimentSpec(common.arms(), policySpec, common.reward(), common.rewardWindow(), null, null,
                common.metrics(), split.wireName(), control, plan == null ? null : plan.toSpec(primary),
                sequential ? SEQUENTIAL : FIXED_HORIZON, autoStop);
    }

    @Override
    public Design withArm(String experimentId) {
        if (!equalShares()) {
            throw LeverException.conflict("id", "experiment '" + experimentId + "' splits traffic by explicit "
                    + "weights: add the arm with PUT /experiments/" + experimentId + ", giving it a weight");
        }
        return this;
    }

    @Override
    public Design withRetired(String armId, List<Arm> active) {
        if (armId.equals(control)) {
            throw LeverException.conflict("arm", "cannot retire '" + armId + "': it is the control arm");
        }
        if (equalShares()) {
            return this;
        }
        // The retired arm's share goes to the others in proportion to theirs; with hashed splits only the retired
        // arm's units move.
        List<Double> kept = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < active.size(); i++) {
            if (!active.get(i).id().equals(armId)) {
                kept.add(policy.weights().get(i));
                total += policy.weights().get(i);
            }
        }
        if (total <= 0) {
            throw LeverException.conflict("arm", "cannot retire '" + armId + "': every other arm has weight 0");
        }
        double sum = total;
        return new AbTest(new FixedSplit(kept.stream().map(w -> w / sum).toList()), split, control, plan,
                sequential, autoStop);
    }

    @Override
    public Design withReinstated(String experimentId, String armId) {
        if (!equalShares()) {
            throw LeverException.conflict("arm", "experiment '" + experimentId + "' splits traffic by explicit "
                    + "weights: bring '" + armId + "' back with PUT /experiments/" + experimentId + ", listing it as "
                    + "{\"id\": \"" + armId + "\", \"retired\": false} with a weight");
        }
        // Equal shares follow the active arms: under a hashed split only the units the returning arm wins move.
        return this;
    }
}
