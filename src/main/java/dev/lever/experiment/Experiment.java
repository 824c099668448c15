package dev.lever.experiment;

import dev.lever.error.LeverException;
import dev.lever.policy.InvalidParameterException;
import dev.lever.policy.Policies;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated experiment definition.
 *
 * @param id the experiment id
 * @param arms every arm, active and retired, in definition order
 * @param policy how traffic is allocated among the active arms
 * @param reward how rewards are measured
 * @param rewardWindow how long after a decision its reward is accepted
 * @param sticky whether a unit keeps the arm it was first given
 */
public record Experiment(String id, List<Arm> arms, Policy policy, RewardKind reward, Duration rewardWindow,
        boolean sticky) {

    public static final int MIN_ARMS = 2;
    public static final int MAX_ARMS = 1000;
    public static final Duration DEFAULT_REWARD_WINDOW = Duration.ofHours(24);
    static final Duration MIN_REWARD_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_REWARD_WINDOW = Duration.ofDays(30);

    public Experiment {
        arms = List.copyOf(arms);
    }

    /**
     * Validates a definition.
     *
     * @throws LeverException (invalid) naming the first offending field
     */
    public static Experiment from(String id, ExperimentSpec spec) {
        Ids.require("id", id);
        if (spec == null) {
            throw LeverException.invalid(null, "request body is required: an experiment definition with arms and "
                    + "policy, e.g. {\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"thompson\"}}");
        }
        List<Arm> arms = arms(spec.arms());
        Policy policy = policy(spec.policy());
        RewardKind reward = spec.reward() == null ? RewardKind.BINARY : rewardKind(spec.reward());
        Duration window = spec.rewardWindow() == null ? DEFAULT_REWARD_WINDOW
                : Durations.parse("rewardWindow", spec.rewardWindow(), MIN_REWARD_WINDOW, MAX_REWARD_WINDOW);
        return new Experiment(id, arms, policy, reward, window, Boolean.TRUE.equals(spec.sticky()));
    }

    private static List<Arm> arms(List<ArmSpec> specs) {
        if (specs == null) {
            throw LeverException.invalid("arms", "arms is required: " + MIN_ARMS + " to " + MAX_ARMS + " arm ids");
        }
        if (specs.size() < MIN_ARMS || specs.size() > MAX_ARMS) {
            throw LeverException.invalid("arms",
                    "arms must list " + MIN_ARMS + " to " + MAX_ARMS + " arms, was " + specs.size());
        }
        List<Arm> arms = new ArrayList<>(specs.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            ArmSpec spec = specs.get(i);
            String field = "arms[" + i + "]";
            if (spec == null) {
                throw LeverException.invalid(field, field + " must be an arm id or {\"id\": ..., \"retired\": ...}");
            }
            Ids.require(field, spec.id());
            if (!seen.add(spec.id())) {
                throw LeverException.invalid(field, "arm ids must be unique; '" + spec.id() + "' appears twice");
            }
            arms.add(new Arm(spec.id(), spec.retired()));
        }
        if (arms.stream().allMatch(Arm::retired)) {
            throw LeverException.invalid("arms", "at least one arm must be active (not retired)");
        }
        return arms;
    }

    private static Policy policy(Map<String, Object> spec) {
        if (spec == null) {
            throw LeverException.invalid("policy", "policy is required, e.g. {\"type\": \"thompson\"}; types: "
                    + String.join(", ", Policies.TYPES));
        }
        Map<String, Object> parameters = new LinkedHashMap<>(spec);
        Object type = parameters.remove("type");
        try {
            if (type != null && !(type instanceof String)) {
                throw new InvalidParameterException("type", "must be a string, one of "
                        + String.join(", ", Policies.TYPES) + ", was " + type);
            }
            return Policies.of((String) type, parameters);
        } catch (InvalidParameterException e) {
            throw LeverException.invalid("policy." + e.parameter(), "policy." + e.getMessage());
        }
    }

    private static RewardKind rewardKind(String name) {
        try {
            return RewardKind.fromWireName(name);
        } catch (InvalidParameterException e) {
            throw LeverException.invalid("reward", e.getMessage());
        }
    }

    /** The definition in its JSON form, with every default written out. */
    public ExperimentSpec toSpec() {
        List<ArmSpec> armSpecs = arms.stream().map(a -> new ArmSpec(a.id(), a.retired())).toList();
        Map<String, Object> policySpec = new LinkedHashMap<>();
        policySpec.put("type", policy.type());
        policySpec.putAll(policy.parameters());
        return new ExperimentSpec(armSpecs, policySpec, reward.wireName(), Durations.format(rewardWindow), sticky);
    }

    /** The arms that can receive traffic, in definition order. */
    public List<Arm> activeArms() {
        return arms.stream().filter(a -> !a.retired()).toList();
    }

    /** The ids of the retired arms. */
    public Set<String> retiredArmIds() {
        Set<String> retired = new HashSet<>();
        arms.forEach(a -> {
            if (a.retired()) {
                retired.add(a.id());
            }
        });
        return retired;
    }

    public boolean hasArm(String armId) {
        return arms.stream().anyMatch(a -> a.id().equals(armId));
    }

    /**
     * Checks that this definition may replace {@code previous}: the reward kind stays, and no arm disappears
     * (retire it instead, so that its statistics and decisions stay meaningful).
     *
     * @throws LeverException (conflict) naming the field that may not change
     */
    public void checkCanReplace(Experiment previous) {
        if (previous.reward != reward) {
            throw LeverException.conflict("reward", "reward cannot change from " + previous.reward.wireName()
                    + " to " + reward.wireName() + " on an existing experiment; create a new experiment instead");
        }
        for (Arm arm : previous.arms) {
            if (!hasArm(arm.id())) {
                throw LeverException.conflict("arms", "arm '" + arm.id()
                        + "' cannot be removed from an existing experiment; retire it instead "
                        + "({\"id\": \"" + arm.id() + "\", \"retired\": true})");
            }
        }
    }

    /** This experiment with one more active arm. */
    public Experiment withArm(String armId) {
        Ids.require("id", armId);
        if (hasArm(armId)) {
            throw LeverException.conflict("id", "experiment '" + id + "' already has an arm '" + armId + "'");
        }
        if (arms.size() >= MAX_ARMS) {
            throw LeverException.conflict("id", "experiment '" + id + "' already has the maximum of " + MAX_ARMS
                    + " arms");
        }
        List<Arm> more = new ArrayList<>(arms);
        more.add(new Arm(armId, false));
        return new Experiment(id, more, policy, reward, rewardWindow, sticky);
    }

    /** This experiment with the given arm retired. */
    public Experiment withRetired(String armId) {
        if (!hasArm(armId)) {
            throw LeverException.notFound("experiment '" + id + "' has no arm '" + armId + "'");
        }
        List<Arm> updated = arms.stream().map(a -> a.id().equals(armId) ? new Arm(a.id(), true) : a).toList();
        if (updated.stream().allMatch(Arm::retired)) {
            throw LeverException.conflict("arm", "cannot retire '" + armId + "': it is the last active arm");
        }
        return new Experiment(id, updated, policy, reward, rewardWindow, sticky);
    }
}
