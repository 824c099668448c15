package dev.lever.experiment;

import dev.lever.context.FeatureSpace;
import dev.lever.context.JointFeatures;
import dev.lever.context.LinearModel;
import dev.lever.error.LeverException;
import dev.lever.policy.ContextualPolicy;
import dev.lever.policy.DiscountedPolicy;
import dev.lever.policy.FixedSplit;
import dev.lever.policy.InvalidParameterException;
import dev.lever.policy.LinUcb;
import dev.lever.policy.LinearThompson;
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
 * Turns an experiment definition in its JSON form into an {@link Experiment}, in one of two ways.
 *
 * <p>{@link #parse} checks a request body against every rule of this release and names the first offending field.
 * {@link #fromStored} reads a definition this service stored earlier as the trusted data it is: it skips the
 * request-only rules (ranges, counts, fields that do not apply to the design), so that a rule tightened in a later
 * release never breaks a running experiment, and fails only on data no experiment could be built from. The
 * invariants of the pure core (a policy's parameter ranges, weights that sum to 1) hold either way.
 */
public final class ExperimentParser {

    static final int MIN_ARMS = 2;
    static final int MAX_METRICS = 20;
    static final Duration DEFAULT_REWARD_WINDOW = Duration.ofHours(24);
    static final Duration MIN_REWARD_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_REWARD_WINDOW = Duration.ofDays(30);
    static final Duration DEFAULT_STICKY_TTL = Duration.ofDays(30);
    static final Duration MIN_STICKY_TTL = Duration.ofHours(1);
    static final Duration MAX_STICKY_TTL = Duration.ofDays(365);
    private static final double MAX_RELATIVE_MARGIN = 10;

    private static final FieldPath ARMS = FieldPath.of("arms");
    private static final FieldPath POLICY = FieldPath.of("policy");
    private static final FieldPath METRICS = FieldPath.of("metrics");
    private static final FieldPath FEATURES = FieldPath.of("features");

    /** Whether the request-only rules apply. */
    private final boolean request;

    private ExperimentParser(boolean request) {
        this.request = request;
    }

    /**
     * Validates a request body.
     *
     * @throws LeverException (invalid) naming the first offending field
     */
    public static Experiment parse(String id, ExperimentSpec spec) {
        Ids.require("id", id);
        if (spec == null) {
            throw LeverException.invalid(null, "request body is required: an experiment definition with arms and "
                    + "policy, e.g. {\"arms\": [\"a\", \"b\"], \"policy\": {\"type\": \"thompson\"}}");
        }
        return new ExperimentParser(true).experiment(id, spec);
    }

    /**
     * Reads a stored definition, without the rules that only requests must meet.
     *
     * @throws IllegalStateException when no experiment can be built from it
     */
    public static Experiment fromStored(String id, ExperimentSpec spec) {
        try {
            return new ExperimentParser(false).experiment(id, spec);
        } catch (LeverException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("stored definition of experiment '" + id + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Refuses a discounted policy as an evaluation candidate: the replay of a decision log updates statistics per
     * logged decision and never discounts them in time, so the candidate would be evaluated as its stationary rule.
     */
    private static void requireStationary(Policy policy) {
        if (policy instanceof DiscountedPolicy discounted) {
            throw POLICY.field("type").invalidBecause("policy.type " + policy.type() + " cannot be evaluated on the "
                    + "decision log: the replay keeps no discounted statistics, so it would evaluate "
                    + discounted.rule().type() + "; evaluate " + discounted.rule().type() + ", and compare both on "
                    + "your traffic's drift with ./simulate");
        }
    }

    /**
     * A policy for the experiment's active arms, read from a request's {@code policy} object by the rules of a
     * definition's {@code policy} field (a fixed split's weights by arm id included): what an off-policy evaluation
     * takes as its candidate.
     *
     * @throws LeverException (invalid) naming the offending {@code policy} field
     */
    public static Policy policy(Experiment experiment, Map<String, Object> spec) {
        ExperimentParser parser = new ExperimentParser(true);
        String type = policyType(spec);
        if (FixedSplit.TYPE.equals(type)) {
            return parser.fixedSplit(spec, experiment.arms());
        }
        Policy policy = bandit(type, spec);
        requireStationary(policy);
        return policy;
    }

    private Experiment experiment(String id, ExperimentSpec spec) {
        List<Arm> arms = arms(spec.arms());
        Map<String, Object> policySpec = spec.policy();
        String type = policyType(policySpec);
        FixedSplit fixedSplit = FixedSplit.TYPE.equals(type) ? fixedSplit(policySpec, arms) : null;
        Policy bandit = fixedSplit == null ? bandit(type, policySpec) : null;
        RewardKind reward = spec.reward() == null ? null
                : RewardKind.fromWireName(FieldPath.of("reward").oneOf(spec.reward(), "binary", "continuous"));
        List<Metric> metrics = metrics(spec.metrics(), reward);
        Duration window = spec.rewardWindow() == null ? DEFAULT_REWARD_WINDOW
                : request ? Durations.parse("rewardWindow", spec.rewardWindow(), MIN_REWARD_WINDOW, MAX_REWARD_WINDOW)
                : Durations.parse("rewardWindow", spec.rewardWindow());
        boolean sticky = Boolean.TRUE.equals(spec.sticky());
        if (request && spec.stickyTtl() != null && !sticky) {
            throw FieldPath.of("stickyTtl").invalidBecause("stickyTtl applies to sticky experiments: add \"sticky\": "
                    + "true, or remove stickyTtl");
        }
        Duration stickyTtl = !sticky ? null
                : spec.stickyTtl() == null ? DEFAULT_STICKY_TTL
                : request ? Durations.parse("stickyTtl", spec.stickyTtl(), MIN_STICKY_TTL, MAX_STICKY_TTL)
                : Durations.parse("stickyTtl", spec.stickyTtl());
        FeatureSpace features = features(spec.features(), bandit, type);
        LinearModel model = features == null ? LinearModel.DISJOINT : model(spec.features());
        if (request) {
            armFeatures(arms, features != null, model, type);
        }
        if (request && bandit != null && metrics.get(0).kind() == RewardKind.CONTINUOUS) {
            for (String prior : bandit.binaryOnlyParameters().stream().sorted().toList()) {
                if (policySpec.containsKey(prior)) {
                    throw POLICY.field(prior).invalidBecause("policy." + prior + " is a parameter of the Beta prior "
                            + "of binary rewards; a continuous reward uses a Normal model without it: remove it");
                }
            }
        }
        boolean guardrails = metrics.stream().anyMatch(Metric::guardrail);
        Design design = fixedSplit == null ? bandit(bandit, sticky, stickyTtl, features, model, spec, arms,
                guardrails)
                : abTest(fixedSplit, sticky, spec, arms, metrics.get(0).kind(), guardrails);
        return new Experiment(id, arms, metrics, window, design, Boolean.TRUE.equals(spec.log()));
    }

    private List<Arm> arms(List<ArmSpec> specs) {
        if (specs == null) {
            throw ARMS.invalid("is required: " + MIN_ARMS + " to " + Experiment.MAX_ARMS + " arm ids");
        }
        if (request && (specs.size() < MIN_ARMS || specs.size() > Experiment.MAX_ARMS)) {
            throw ARMS.invalid("must list " + MIN_ARMS + " to " + Experiment.MAX_ARMS + " arms, was " + specs.size());
        }
        List<Arm> arms = new ArrayList<>(specs.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            ArmSpec spec = specs.get(i);
            FieldPath at = ARMS.index(i);
            if (spec == null) {
                throw at.invalid("must be an arm id or {\"id\": ..., \"retired\": ...}");
            }
            id(at, spec.id());
            if (!seen.add(spec.id())) {
                throw at.invalidBecause("arm ids must be unique; '" + spec.id() + "' appears twice");
            }
            arms.add(new Arm(spec.id(), spec.isRetired(), spec.guardrailStop(), spec.features()));
        }
        if (arms.stream().allMatch(Arm::retired)) {
            throw ARMS.invalidBecause("at least one arm must be active (not retired)");
        }
        return arms;
    }

    /** An id: a request's must follow {@link Ids}; a stored one was checked when it was written. */
    private String id(FieldPath at, String value) {
        if (request || value == null) {
            return Ids.require(at.path(), value);
        }
        return value;
    }

    private static String policyType(Map<String, Object> spec) {
        if (spec == null) {
            throw POLICY.invalid("is required, e.g. {\"type\": \"thompson\"}; types: "
                    + String.join(", ", Policies.TYPES));
        }
        Object type = spec.get("type");
        if (type != null && !(type instanceof String)) {
            throw POLICY.field("type").invalid("must be a string, one of " + String.join(", ", Policies.TYPES)
                    + ", was " + type);
        }
        return (String) type;
    }

    private static Policy bandit(String type, Map<String, Object> spec) {
        Map<String, Object> parameters = new LinkedHashMap<>(spec);
        parameters.remove("type");
        try {
            return Policies.of(type, parameters);
        } catch (InvalidParameterException e) {
            throw POLICY.field(e.parameter()).invalid(e.reason());
        }
    }

    /** A fixed split; without weights (or, in a stored definition, with none listed) every active arm gets the same. */
    private FixedSplit fixedSplit(Map<String, Object> spec, List<Arm> arms) {
        Map<String, Object> parameters = new LinkedHashMap<>(spec);
        parameters.remove("type");
        Object weights = parameters.get("weights");
        try {
            if (weights == null || (!request && weights instanceof List<?> list && list.isEmpty())) {
                parameters.remove("weights");
            } else {
                parameters.put("weights", weightsInArmOrder(weights, arms));
            }
            return Policies.fixedSplit(parameters);
        } catch (InvalidParameterException e) {
            throw POLICY.field(e.parameter()).invalid(e.reason());
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

    private List<Metric> metrics(List<MetricSpec> specs, RewardKind reward) {
        if (specs == null) {
            return List.of(Metric.reward(reward == null ? RewardKind.BINARY : reward));
        }
        if (request && (specs.isEmpty() || specs.size() > MAX_METRICS)) {
            throw METRICS.invalid("must list 1 to " + MAX_METRICS + " metrics, was " + specs.size());
        }
        List<Metric> metrics = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Metric primary = null;
        for (int i = 0; i < specs.size(); i++) {
            FieldPath at = METRICS.index(i);
            Metric metric = metric(at, specs.get(i));
            if (!seen.add(metric.id())) {
                throw at.field("id").invalidBecause("metric ids must be unique; '" + metric.id() + "' appears twice");
            }
            if (!metric.guardrail()) {
                if (primary != null) {
                    throw at.invalidBecause("exactly one metric must be primary (not a guardrail); '"
                            + primary.id() + "' and '" + metric.id() + "' both are");
                }
                primary = metric;
            } else {
                metrics.add(metric);
            }
        }
        if (primary == null) {
            throw METRICS.invalidBecause("exactly one metric must be primary (not a guardrail); all "
                    + specs.size() + " are guardrails");
        }
        if (reward != null && reward != primary.kind()) {
            throw FieldPath.of("reward").invalidBecause("reward is " + reward.wireName() + " but the primary metric '"
                    + primary.id() + "' is " + primary.kind().wireName() + "; omit reward or make them agree");
        }
        metrics.add(0, primary);
        return metrics;
    }

    private Metric metric(FieldPath at, MetricSpec spec) {
        if (spec == null) {
            throw at.invalid("must be a metric object, e.g. {\"id\": \"click\", \"type\": \"binary\", "
                    + "\"direction\": \"higher\"}");
        }
        String id = id(at.field("id"), spec.id());
        RewardKind kind = spec.type() == null ? RewardKind.BINARY
                : RewardKind.fromWireName(at.field("type").oneOf(spec.type(), "binary", "continuous"));
        boolean higher = spec.direction() == null
                || at.field("direction").oneOf(spec.direction(), "higher", "lower").equals("higher");
        MetricForm form = spec.form() == null ? MetricForm.RATIO
                : MetricForm.fromWireName(at.field("form"), spec.form());
        if (!Boolean.TRUE.equals(spec.guardrail())) {
            if (request && (spec.margin() != null || spec.marginType() != null)) {
                throw at.field("margin").invalid("applies to guardrails only; set \"guardrail\": true or remove it");
            }
            return new Metric(id, kind, higher, false, 0, true, form);
        }
        if (spec.margin() == null) {
            throw at.field("margin").invalid("is required for a guardrail: how much worse the challenger may be, "
                    + "e.g. 0.05 for 5%");
        }
        boolean relative = spec.marginType() == null
                || at.field("marginType").oneOf(spec.marginType(), "relative", "absolute").equals("relative");
        double margin = spec.margin();
        if (request && !(margin >= 0 && (relative ? margin <= MAX_RELATIVE_MARGIN : Double.isFinite(margin)))) {
            throw at.field("margin").invalid("must be "
                    + (relative ? "in [0, 10] (a share of the control's value)" : "a finite number >= 0")
                    + ", was " + margin);
        }
        return new Metric(id, kind, higher, true, margin, relative, form);
    }

    /**
     * The feature space of a contextual policy: required with one, refused (in a request) without one, which takes
     * no context.
     */
    private FeatureSpace features(FeaturesSpec spec, Policy policy, String type) {
        boolean contextual = policy instanceof ContextualPolicy;
        if (!contextual) {
            if (request && spec != null) {
                throw FEATURES.invalidBecause("features apply to contextual policies (" + LinUcb.TYPE + ", "
                        + LinearThompson.TYPE + "), which choose by the request's context; policy.type " + type
                        + " takes no context: remove features");
            }
            return null;
        }
        if (spec == null || spec.dimension() == null) {
            throw FEATURES.field("dimension").invalid("is required for policy.type " + type + ": the number of "
                    + "slots a context is hashed into, " + FeatureSpace.MIN_DIMENSION + " to "
                    + FeatureSpace.MAX_DIMENSION + ", e.g. {\"features\": {\"dimension\": "
                    + FeatureSpace.DEFAULT_DIMENSION + "}}");
        }
        int dimension = spec.dimension();
        if (dimension < FeatureSpace.MIN_DIMENSION || dimension > FeatureSpace.MAX_DIMENSION) {
            throw FEATURES.field("dimension").invalid("must be in [" + FeatureSpace.MIN_DIMENSION + ", "
                    + FeatureSpace.MAX_DIMENSION + "], was " + dimension);
        }
        return new FeatureSpace(dimension);
    }

    /** The linear model a contextual policy's features name, disjoint by default. */
    private static LinearModel model(FeaturesSpec spec) {
        if (spec.model() == null) {
            return LinearModel.DISJOINT;
        }
        return LinearModel.fromWireName(spec.model()).orElseThrow(() -> FEATURES.field("model").invalid(
                "must be disjoint (one model per arm) or shared (one model over the arms' features), was "
                        + spec.model()));
    }

    /**
     * Arm attributes apply to the shared model only, where they are features; each is checked by the rules of a
     * context, naming {@code arms[i].features.<name>}.
     */
    private static void armFeatures(List<Arm> arms, boolean contextual, LinearModel model, String type) {
        for (int i = 0; i < arms.size(); i++) {
            armFeatures(arms.get(i).features(), ARMS.index(i).field("features"), contextual, model, type);
        }
    }

    /** One arm's attributes, at {@code at}: see {@link #armFeatures(List, boolean, LinearModel, String)}. */
    static void armFeatures(Map<String, Object> features, FieldPath at, boolean contextual, LinearModel model,
            String type) {
        if (features == null) {
            return;
        }
        if (!contextual) {
            throw at.invalidBecause("arm features apply to contextual policies (" + LinUcb.TYPE + ", "
                    + LinearThompson.TYPE + ") with \"features\": {\"model\": \"shared\"}; policy.type " + type
                    + " takes no context: remove them");
        }
        if (model != LinearModel.SHARED) {
            throw at.invalidBecause("arm features need \"model\": \"shared\" in features: the disjoint model "
                    + "learns each arm alone, where an arm's constant attributes add nothing");
        }
        JointFeatures.check(features, at.path());
    }

    private Design bandit(Policy policy, boolean sticky, Duration stickyTtl, FeatureSpace features, LinearModel model,
            ExperimentSpec spec, List<Arm> arms, boolean guardrails) {
        if (request) {
            if (spec.split() != null) {
                throw FieldPath.of("split").invalidBecause("split applies to the fixed-split policy only; a bandit "
                        + "keeps a unit on its arm with \"sticky\": true");
            }
            if (spec.control() != null && !guardrails) {
                throw FieldPath.of("control").invalidBecause("control applies to the fixed-split policy and to "
                        + "bandits with guardrail metrics: a bandit without guardrails compares every arm with every "
                        + "other");
            }
            if (spec.autoStop() != null) {
                throw FieldPath.of("autoStop").invalidBecause("autoStop applies to the fixed-split policy only: a "
                        + "bandit with guardrail metrics always stops an arm that fails one");
            }
            if (spec.plan() != null || spec.test() != null) {
                throw FieldPath.of(spec.plan() != null ? "plan" : "test").invalid("applies to the fixed-split policy "
                        + "only: a bandit's adaptive allocation is not a planned test");
            }
        }
        return new Bandit(policy, sticky, stickyTtl, guardrails ? control(spec, arms) : null, features, model);
    }

    /** The declared control, an active arm, or by default the first active arm. */
    private static String control(ExperimentSpec spec, List<Arm> arms) {
        String control = spec.control() != null ? spec.control()
                : arms.stream().filter(a -> !a.retired()).findFirst().orElseThrow().id();
        if (arms.stream().noneMatch(a -> a.id().equals(control) && !a.retired())) {
            throw FieldPath.of("control").invalid("must be one of the active arms, was '" + Ids.printable(control)
                    + "'");
        }
        return control;
    }

    private Design abTest(FixedSplit policy, boolean sticky, ExperimentSpec spec, List<Arm> arms,
            RewardKind primary, boolean guardrails) {
        if (request && sticky) {
            throw FieldPath.of("sticky").invalidBecause("sticky applies to bandit policies; a fixed split keeps "
                    + "each unit on its arm with \"split\": \"user\" or \"session\"");
        }
        Split split = spec.split() == null ? Split.USER : Split.fromWireName(FieldPath.of("split"), spec.split());
        String control = control(spec, arms);
        boolean autoStop = Boolean.TRUE.equals(spec.autoStop());
        if (request && autoStop && !guardrails) {
            throw FieldPath.of("autoStop").invalidBecause("autoStop stops a challenger that fails a guardrail: declare "
                    + "a guardrail metric ({\"id\": ..., \"guardrail\": true, \"margin\": ...}) or remove autoStop");
        }
        Plan plan = spec.plan() == null ? null : request ? requestedPlan(spec.plan(), primary)
                : Plan.fromStored(spec.plan());
        boolean sequential = spec.test() != null && FieldPath.of("test")
                .oneOf(spec.test(), AbTest.FIXED_HORIZON, AbTest.SEQUENTIAL).equals(AbTest.SEQUENTIAL);
        return new AbTest(policy, split, control, plan, sequential, autoStop);
    }

    private static Plan requestedPlan(PlanSpec spec, RewardKind primary) {
        FieldPath at = FieldPath.of("plan");
        if (spec.ratio() != null || spec.type() != null) {
            throw at.field(spec.ratio() != null ? "ratio" : "type").invalid("does not belong in an experiment's "
                    + "plan: the weights give the ratio and the primary metric the type");
        }
        return Plan.parse(at, spec, primary);
    }
}
