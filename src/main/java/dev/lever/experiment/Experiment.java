package dev.lever.experiment;

import dev.lever.context.FeatureSpace;
import dev.lever.context.LinearModel;
import dev.lever.error.LeverException;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An experiment definition: its arms, its metrics, and its {@link Design}, which says how traffic is shared. A
 * request body becomes one through {@link ExperimentParser}; this type answers questions about it and applies the
 * rules of changing it.
 *
 * @param id the experiment id
 * @param arms every arm, active and retired, in definition order
 * @param metrics the metrics, the primary one first: the policy optimises it, and a plain reward is its value
 * @param rewardWindow how long after a decision its reward is accepted
 * @param design a bandit or an A/B test
 * @param log whether its decisions and their rewards are kept in its decision log
 */
public record Experiment(String id, List<Arm> arms, List<Metric> metrics, Duration rewardWindow, Design design,
        boolean log) {

    public static final int MAX_ARMS = 1000;

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
    public Optional<Metric> metric(String metricId) {
        return metrics.stream().filter(m -> m.id().equals(metricId)).findFirst();
    }

    /** How traffic is allocated among the active arms. */
    public Policy policy() {
        return design.policy();
    }

    /** What one assignment covers; always {@link Split#REQUEST} for a bandit. */
    public Split split() {
        return design.split();
    }

    /** Whether a unit keeps the arm it was first given (a bandit option). */
    public boolean sticky() {
        return design.sticky();
    }

    /** How long a sticky unit that does not come back keeps its arm; {@code null} when not sticky. */
    public Duration stickyTtl() {
        return design.stickyTtl();
    }

    /** How a request's context becomes a feature vector, for a contextual policy; else {@code null}. */
    public FeatureSpace features() {
        return design.features();
    }

    /** How a contextual policy's linear models are laid out (disjoint for every other policy). */
    public LinearModel model() {
        return design.model();
    }

    /**
     * The arm challengers are compared with: for an A/B test always, for a bandit the reference of its guardrails
     * ({@code null} for a bandit without guardrails).
     */
    public String control() {
        return design.control();
    }

    /** The guardrail metrics. */
    public List<Metric> guardrails() {
        return metrics.stream().filter(Metric::guardrail).toList();
    }

    /**
     * Whether an arm that fails a guardrail stops receiving traffic: always for a bandit with guardrail metrics, on
     * request ({@code "autoStop": true}) for an A/B test.
     */
    public boolean autoStop() {
        return design.autoStop() && metrics.stream().anyMatch(Metric::guardrail);
    }

    /** For an A/B test, the planned sample, or {@code null}. */
    public Plan plan() {
        return design.plan();
    }

    /** For an A/B test, whether the analysis uses always-valid sequential tests. */
    public boolean sequential() {
        return design.sequential();
    }

    /** Whether the experiment is a planned A/B test rather than a bandit. */
    public boolean isAbTest() {
        return design.isAbTest();
    }

    /** Each active arm's planned share, in active-arm order; empty for a bandit, whose allocation adapts. */
    public Optional<double[]> plannedShares() {
        return design.plannedShares(activeArms().size());
    }

    /**
     * The definition in its stored JSON form, with every default written out but a fixed split's equal shares: left
     * implicit, they keep following the arms as arms are added and retired.
     */
    public ExperimentSpec toSpec() {
        return toSpec(false);
    }

    /** The definition as the API shows it: {@link #toSpec()} with a fixed split's equal shares written out too. */
    ExperimentSpec toShownSpec() {
        return toSpec(true);
    }

    private ExperimentSpec toSpec(boolean sharesWrittenOut) {
        List<ArmSpec> armSpecs = arms.stream().map(a -> new ArmSpec(a.id(), a.retired(), a.stop(), a.features()))
                .toList();
        List<MetricSpec> metricSpecs = metrics.stream().map(Metric::toSpec).toList();
        ExperimentSpec common = new ExperimentSpec(armSpecs, null, reward().wireName(),
                Durations.format(rewardWindow), null, null, metricSpecs, null, null, null, null, null);
        return design.toSpec(common, activeArms(), reward(), sharesWrittenOut).withLog(log);
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
     * Checks that this definition may replace {@code previous}: the reward kind, the primary metric and each kept
     * metric's kind and form stay, and no arm disappears (retire it instead, so that its statistics and decisions
     * stay meaningful).
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
            // Per exposure and per unit are different quantities: the data gathered so far measured the old one.
            metric(old.id()).filter(m -> m.form() != old.form()).ifPresent(m -> {
                throw LeverException.conflict("metrics", "metric '" + old.id() + "' cannot change its form from "
                        + old.form().wireName() + " to " + m.form().wireName() + " on an existing experiment: it "
                        + "would change what was measured");
            });
        }
        if (previous.features() != null && features() != null
                && previous.features().dimension() != features().dimension()) {
            // A feature's slot is its hash modulo the dimension: the sums learnt so far would mean other features.
            throw LeverException.conflict("features.dimension", "features.dimension cannot change from "
                    + previous.features().dimension() + " to " + features().dimension() + " on an existing "
                    + "experiment: the per-arm models learnt so far are indexed by it; create a new experiment instead");
        }
        if (previous.features() != null && features() != null && previous.model() != model()) {
            // The totals of one model are not those of the other: per-arm sums of x against one sum of z.
            throw LeverException.conflict("features.model", "features.model cannot change from "
                    + previous.model().wireName() + " to " + model().wireName() + " on an existing experiment: the "
                    + "totals learnt so far belong to the " + previous.model().wireName() + " model; create a new "
                    + "experiment instead");
        }
        for (int i = 0; i < arms.size(); i++) {
            Arm arm = arms.get(i);
            Arm before = previous.arms.stream().filter(p -> p.id().equals(arm.id())).findFirst().orElse(null);
            if (before != null && !java.util.Objects.equals(before.features(), arm.features())) {
                // A reward rebuilds its decision's z from the definition: z would change under a decision in flight,
                // and the shared weights learnt for the old attributes would be credited to the new ones.
                throw LeverException.conflict("arms[" + i + "].features", "the features of arm '" + arm.id()
                        + "' cannot change on an existing experiment: add an arm with the new features and retire "
                        + "this one");
            }
        }
        if (previous.sticky() && sticky() && !previous.stickyTtl().equals(stickyTtl())) {
            throw LeverException.conflict("stickyTtl", "stickyTtl cannot change from "
                    + Durations.format(previous.stickyTtl()) + " on a sticky experiment: its units are kept by "
                    + "generations of that length, and would lose their arms; create a new experiment instead");
        }
        for (Arm arm : previous.arms) {
            if (!hasArm(arm.id())) {
                throw LeverException.conflict("arms", "arm '" + arm.id()
                        + "' cannot be removed from an existing experiment; retire it instead "
                        + "({\"id\": \"" + arm.id() + "\", \"retired\": true})");
            }
        }
    }

    /**
     * Checks that a replacing definition brings no retired arm back by accident: an arm listed as a bare id (or
     * without {@code retired}) stays retired only if the request says so, so it must say
     * {@code {"id": ..., "retired": false}} to bring it back.
     *
     * @throws LeverException (conflict) naming the arm
     */
    public static void checkNoImplicitReturn(Experiment previous, List<ArmSpec> requested) {
        if (requested == null) {
            return;
        }
        Set<String> retired = previous.retiredArmIds();
        for (int i = 0; i < requested.size(); i++) {
            ArmSpec arm = requested.get(i);
            if (arm != null && arm.retired() == null && retired.contains(arm.id())) {
                throw LeverException.conflict("arms[" + i + "]", "arm '" + arm.id() + "' is retired; list it as "
                        + "{\"id\": \"" + arm.id() + "\", \"retired\": true} to keep it retired, or as {\"id\": \""
                        + arm.id() + "\", \"retired\": false} to bring it back");
            }
        }
    }

    /**
     * This experiment with one more active arm.
     *
     * @param features the arm's attributes, for the shared linear model only (field {@code features}), or
     *     {@code null}
     */
    public Experiment withArm(String armId, Map<String, Object> features) {
        Ids.require("id", armId);
        ExperimentParser.armFeatures(features, FieldPath.of("features"), features() != null, model(),
                policy().type());
        if (hasArm(armId)) {
            throw LeverException.conflict("id", "experiment '" + id + "' already has an arm '" + armId + "'");
        }
        if (arms.size() >= MAX_ARMS) {
            throw LeverException.conflict("id", "experiment '" + id + "' already has the maximum of " + MAX_ARMS
                    + " arms");
        }
        Design grown = design.withArm(id);
        List<Arm> more = new ArrayList<>(arms);
        more.add(new Arm(armId, false, null, features));
        return new Experiment(id, more, metrics, rewardWindow, grown, log);
    }

    /** This experiment with the given arm retired. */
    public Experiment withRetired(String armId) {
        if (!hasArm(armId)) {
            throw LeverException.notFound("experiment '" + id + "' has no arm '" + armId + "'");
        }
        List<Arm> updated = arms.stream().map(a -> a.id().equals(armId) ? a.with(true, a.stop()) : a).toList();
        if (updated.stream().allMatch(Arm::retired)) {
            throw LeverException.conflict("arm", "cannot retire '" + armId + "': it is the last active arm");
        }
        return new Experiment(id, updated, metrics, rewardWindow, design.withRetired(armId, activeArms()), log);
    }

    /**
     * This experiment with the arm stopped by a guardrail: retired, with the record of why.
     *
     * @throws LeverException (conflict) when the arm is the control or the last active arm
     */
    public Experiment withStopped(String armId, ArmStop stop) {
        Experiment retired = withRetired(armId);
        List<Arm> updated = retired.arms.stream().map(a -> a.id().equals(armId) ? a.with(true, stop) : a)
                .toList();
        return new Experiment(id, updated, metrics, rewardWindow, retired.design, log);
    }

    /**
     * This experiment with a retired or stopped arm active again. A guardrail's stop record stays, marked reinstated
     * at {@code at}: the operator has overridden the guardrail for this arm, which is not stopped again.
     *
     * @throws LeverException (not found) without such an arm, (conflict) when it is active or the design cannot
     *     take it back without a new weight
     */
    public Experiment withReinstated(String armId, String at) {
        Arm arm = arms.stream().filter(a -> a.id().equals(armId)).findFirst().orElseThrow(() ->
                LeverException.notFound("experiment '" + id + "' has no arm '" + armId + "'"));
        if (!arm.retired()) {
            throw LeverException.conflict("arm", "arm '" + armId + "' is active: there is nothing to reinstate");
        }
        Design design = this.design.withReinstated(id, armId);
        ArmStop stop = arm.stopped() ? arm.stop().reinstatedAt(at) : arm.stop();
        List<Arm> updated = arms.stream().map(a -> a.id().equals(armId) ? a.with(false, stop) : a).toList();
        return new Experiment(id, updated, metrics, rewardWindow, design, log);
    }

    /**
     * This definition, about to replace {@code previous}, with the stop records the service wrote (a request cannot
     * write them): each arm keeps its stored record, and a stopped arm the request brings back (as
     * {@code "retired": false}) is reinstated at {@code at}. A new experiment starts without any.
     *
     * @param previous the stored definition, or {@code null} for a new experiment
     */
    public Experiment withStopsOf(Experiment previous, String at) {
        List<Arm> updated = arms.stream().map(a -> {
            ArmStop kept = previous == null ? null : previous.arms.stream().filter(p -> p.id().equals(a.id()))
                    .map(Arm::stop).filter(s -> s != null).findFirst().orElse(null);
            if (kept != null && !kept.reinstated() && !a.retired()) {
                kept = kept.reinstatedAt(at);
            }
            return a.with(a.retired(), kept);
        }).toList();
        return new Experiment(id, updated, metrics, rewardWindow, design, log);
    }
}
