package dev.lever.experiment;

import dev.lever.error.LeverException;
import dev.lever.policy.FixedSplit;
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
 * @param metrics the metrics, the primary one first: the policy optimises it, and a plain reward is its value
 * @param rewardWindow how long after a decision its reward is accepted
 * @param sticky whether a unit keeps the arm it was first given
 * @param split what a fixed split assigns (always {@link Split#REQUEST} for a bandit policy)
 * @param control for a fixed split, the arm challengers are compared with; {@code null} for a bandit
 * @param plan for a fixed split, the planned sample, or {@code null}
 * @param sequential for a fixed split, whether the analysis uses always-valid sequential tests
 */
public record Experiment(String id, List<Arm> arms, Policy policy, List<Metric> metrics, Duration rewardWindow,
        boolean sticky, Split split, String control, Plan plan, boolean sequential) {

    public static final int MIN_ARMS = 2;
    public static final int MAX_ARMS = 1000;
    public static final int MAX_METRICS = 20;
    public static final Duration DEFAULT_REWARD_WINDOW = Duration.ofHours(24);
    static final Duration MIN_REWARD_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_REWARD_WINDOW = Duration.ofDays(30);

    public Experiment {
        arms = List.copyOf(arms);
        metrics = List.copyOf(metrics);
    }

    /** The primary metric: what the policy optimises and what a plain {@code reward} measures. */
    public Metric primary() {
        return metrics.get(0);
    }

    /** How the primary metric is measured. */
    public RewardKind reward() {
        return primary().kind();
    }

    /** The metric with this id, if the experiment has one. */
    public java.util.Optional<Metric> metric(String metricId) {
        return metrics.stream().filter(m -> m.id().equals(metricId)).findFirst();
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
        Policy policy = policy(spec.policy(), arms);
        RewardKind reward = spec.reward() == null ? null : rewardKind(spec.reward());
        List<Metric> metrics = metrics(spec.metrics(), reward);
        Duration window = spec.rewardWindow() == null ? DEFAULT_REWARD_WINDOW
                : Durations.parse("rewardWindow", spec.rewardWindow(), MIN_REWARD_WINDOW, MAX_REWARD_WINDOW);
        boolean sticky = Boolean.TRUE.equals(spec.sticky());
        boolean fixed = policy instanceof FixedSplit;
        if (!fixed && spec.split() != null) {
            throw LeverException.invalid("split", "split applies to the fixed-split policy only; a bandit keeps a "
                    + "unit on its arm with \"sticky\": true");
        }
        if (fixed && sticky) {
            throw LeverException.invalid("sticky", "sticky applies to bandit policies; a fixed split keeps each "
                    + "unit on its arm with \"split\": \"user\" or \"session\"");
        }
        Split split = !fixed ? Split.REQUEST
                : spec.split() == null ? Split.USER : Split.fromWireName("split", spec.split());
        if (!fixed && spec.control() != null) {
            throw LeverException.invalid("control", "control applies to the fixed-split policy only: a bandit "
                    + "compares every arm with every other");
        }
        String control = !fixed ? null : spec.control() == null ? firstActive(arms) : spec.control();
        if (fixed && arms.stream().noneMatch(a -> a.id().equals(control) && !a.retired())) {
            throw LeverException.invalid("control", "control must be one of the active arms, was '"
                    + Ids.printable(control) + "'");
        }
        if (!fixed && (spec.plan() != null || spec.test() != null)) {
            throw LeverException.invalid(spec.plan() != null ? "plan" : "test", (spec.plan() != null ? "plan" : "test")
                    + " applies to the fixed-split policy only: a bandit's adaptive allocation is not a planned test");
        }
        Plan plan = spec.plan() == null ? null : Plan.from("plan", spec.plan(), metrics.get(0).kind());
        boolean sequential = false;
        if (spec.test() != null) {
            if (!spec.test().equals("fixed-horizon") && !spec.test().equals("sequential")) {
                throw LeverException.invalid("test", "test must be 'fixed-horizon' or 'sequential', was '"
                        + Ids.printable(spec.test()) + "'");
            }
            sequential = spec.test().equals("sequential");
        }
        return new Experiment(id, arms, policy, metrics, window, sticky, split, control, plan, sequential);
    }

    private static String firstActive(List<Arm> arms) {
        return arms.stream().filter(a -> !a.retired()).findFirst().orElseThrow().id();
    }

    private static List<Metric> metrics(List<MetricSpec> specs, RewardKind reward) {
        if (specs == null) {
            return List.of(Metric.reward(reward == null ? RewardKind.BINARY : reward));
        }
        if (specs.isEmpty() || specs.size() > MAX_METRICS) {
            throw LeverException.invalid("metrics", "metrics must list 1 to " + MAX_METRICS + " metrics, was "
                    + specs.size());
        }
        List<Metric> metrics = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Metric primary = null;
        for (int i = 0; i < specs.size(); i++) {
            String field = "metrics[" + i + "]";
            Metric metric = Metric.from(field, specs.get(i));
            if (!seen.add(metric.id())) {
                throw LeverException.invalid(field + ".id", "metric ids must be unique; '" + metric.id()
                        + "' appears twice");
            }
            if (!metric.guardrail()) {
                if (primary != null) {
                    throw LeverException.invalid(field, "exactly one metric must be primary (not a guardrail); '"
                            + primary.id() + "' and '" + metric.id() + "' both are");
                }
                primary = metric;
            } else {
                metrics.add(metric);
            }
        }
        if (primary == null) {
            throw LeverException.invalid("metrics", "exactly one metric must be primary (not a guardrail); all "
                    + specs.size() + " are guardrails");
        }
        if (reward != null && reward != primary.kind()) {
            throw LeverException.invalid("reward", "reward is " + reward.wireName() + " but the primary metric '"
                    + primary.id() + "' is " + primary.kind().wireName() + "; omit reward or make them agree");
        }
        metrics.add(0, primary);
        return metrics;
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

    private static Policy policy(Map<String, Object> spec, List<Arm> arms) {
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
            if (FixedSplit.TYPE.equals(type) && parameters.get("weights") != null) {
                parameters.put("weights", weightsInArmOrder(parameters.get("weights"), arms));
            }
            return Policies.of((String) type, parameters);
        } catch (InvalidParameterException e) {
            throw LeverException.invalid("policy." + e.parameter(), "policy." + e.getMessage());
        }
    }

    /** A fixed split's weights, given by arm id, as the list in active-arm order that the policy takes. */
    private static List<Double> weightsInArmOrder(Object weights, List<Arm> arms) {
        if (!(weights instanceof Map<?, ?> byArm)) {
            throw new InvalidParameterException("weights", "must map each active arm to its share, e.g. "
                    + "{\"model-a\": 0.5, \"model-b\": 0.5}, was " + weights);
        }
        List<Double> ordered = new ArrayList<>();
        for (Arm arm : arms) {
            if (arm.retired()) {
                continue;
            }
            Object weight = byArm.get(arm.id());
            if (!(weight instanceof Number n)) {
                throw new InvalidParameterException("weights", "must give every active arm a number; '" + arm.id()
                        + "' has " + weight);
            }
            ordered.add(n.doubleValue());
        }
        for (Object armId : byArm.keySet()) {
            if (arms.stream().noneMatch(a -> a.id().equals(armId) && !a.retired())) {
                throw new InvalidParameterException("weights", "names '" + armId + "', which is not an active arm");
            }
        }
        return ordered;
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
        if (policy instanceof FixedSplit fixed && !fixed.weights().isEmpty()) {
            Map<String, Double> byArm = new LinkedHashMap<>();
            List<Arm> active = activeArms();
            for (int i = 0; i < active.size(); i++) {
                byArm.put(active.get(i).id(), fixed.weights().get(i));
            }
            policySpec.put("weights", byArm);
        }
        List<MetricSpec> metricSpecs = metrics.stream().map(Metric::toSpec).toList();
        boolean fixed = policy instanceof FixedSplit;
        return new ExperimentSpec(armSpecs, policySpec, reward().wireName(), Durations.format(rewardWindow),
                fixed ? null : sticky, metricSpecs, fixed ? split.wireName() : null, control,
                plan == null ? null : plan.toSpec(reward()), fixed ? (sequential ? "sequential" : "fixed-horizon") : null);
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
        if (previous.reward() != reward()) {
            throw LeverException.conflict("reward", "reward cannot change from " + previous.reward().wireName()
                    + " to " + reward().wireName() + " on an existing experiment; create a new experiment instead");
        }
        if (!previous.primary().id().equals(primary().id())) {
            throw LeverException.conflict("metrics", "the primary metric cannot change from '"
                    + previous.primary().id() + "' to '" + primary().id() + "' on an existing experiment");
        }
        for (Metric old : previous.metrics) {
            metric(old.id()).filter(m -> m.kind() != old.kind()).ifPresent(m -> {
                throw LeverException.conflict("metrics", "metric '" + old.id() + "' cannot change from "
                        + old.kind().wireName() + " to " + m.kind().wireName() + " on an existing experiment");
            });
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
        if (policy instanceof FixedSplit fixed && !fixed.weights().isEmpty()) {
            throw LeverException.conflict("id", "experiment '" + id + "' splits traffic by explicit weights: add "
                    + "the arm with PUT /experiments/" + id + ", giving it a weight");
        }
        List<Arm> more = new ArrayList<>(arms);
        more.add(new Arm(armId, false));
        return new Experiment(id, more, policy, metrics, rewardWindow, sticky, split, control, plan, sequential);
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
        if (armId.equals(control)) {
            throw LeverException.conflict("arm", "cannot retire '" + armId + "': it is the control arm");
        }
        Policy remaining = policy;
        if (policy instanceof FixedSplit fixed && !fixed.weights().isEmpty()) {
            // The retired arm's share goes to the others in proportion to theirs; with hashed splits only the
            // retired arm's units move.
            List<Arm> active = activeArms();
            List<Double> kept = new ArrayList<>();
            double total = 0;
            for (int i = 0; i < active.size(); i++) {
                if (!active.get(i).id().equals(armId)) {
                    kept.add(fixed.weights().get(i));
                    total += fixed.weights().get(i);
                }
            }
            if (total <= 0) {
                throw LeverException.conflict("arm", "cannot retire '" + armId + "': every other arm has weight 0");
            }
            double sum = total;
            remaining = new FixedSplit(kept.stream().map(w -> w / sum).toList());
        }
        return new Experiment(id, updated, remaining, metrics, rewardWindow, sticky, split, control, plan,
                sequential);
    }
}
