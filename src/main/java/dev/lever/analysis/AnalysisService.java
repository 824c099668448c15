package dev.lever.analysis;

import dev.lever.analysis.Views.Analysis;
import dev.lever.analysis.Views.ArmEstimate;
import dev.lever.analysis.Views.ChallengerResult;
import dev.lever.analysis.Views.MetricAnalysis;
import dev.lever.analysis.Views.SampleRatioView;
import dev.lever.analysis.Views.Verdict;
import dev.lever.error.LeverException;
import dev.lever.experiment.Arm;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.ExperimentService;
import dev.lever.experiment.FieldPath;
import dev.lever.experiment.Metric;
import dev.lever.experiment.Plan;
import dev.lever.policy.ArmStats;
import dev.lever.policy.RewardKind;
import dev.lever.stats.Comparison;
import dev.lever.stats.Estimates;
import dev.lever.stats.FixedHorizonTests;
import dev.lever.stats.Interval;
import dev.lever.stats.NonInferiority;
import dev.lever.stats.SampleRatio;
import dev.lever.stats.SampleSize;
import dev.lever.stats.SequentialTest;
import dev.lever.stats.Summary;
import dev.lever.store.StateStore;
import dev.lever.store.ExperimentStats;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analyses a fixed-split experiment: per metric, each arm's estimate and each challenger against the control; the
 * sample-ratio check; guardrails; and a verdict in words.
 *
 * <p>With several challengers the significance level is split among them (Bonferroni), so that the chance of any
 * false win stays at alpha.
 */
@ApplicationScoped
public class AnalysisService {

    static final String PROMOTE = "promote-challenger";
    static final String KEEP_CONTROL = "keep-control";
    static final String KEEP_RUNNING = "keep-running";
    static final String STOP_GUARDRAIL = "stop-guardrail-failure";
    static final String CHECK_ASSIGNMENT = "check-assignment";
    private static final FieldPath PLAN = FieldPath.of("plan");

    private final ExperimentService experiments;
    private final StateStore store;

    public AnalysisService(ExperimentService experiments, StateStore store) {
        this.experiments = experiments;
        this.store = store;
    }

    public Uni<Analysis> analyse(String id) {
        return experiments.get(id).chain(v -> store.stats(id).map(fields -> analyse(v.experiment(), fields)));
    }

    /** The analysis of an experiment from its statistics fields. */
    static Analysis analyse(Experiment experiment, ExperimentStats fields) {
        double[] shares = experiment.plannedShares().orElseThrow(() -> LeverException.conflict(null,
                "experiment '" + experiment.id() + "' runs the " + experiment.policy().type() + " bandit policy: its "
                        + "adaptive allocation is not a planned test, so it has no A/B analysis; compare arms with "
                        + "GET /experiments/" + experiment.id()));
        Context context = new Context(experiment, fields, shares);
        List<MetricAnalysis> metrics = new ArrayList<>();
        for (Metric metric : experiment.metrics()) {
            metrics.add(context.analyse(metric));
        }
        return new Analysis(experiment.id(), experiment.sequential() ? "sequential" : "fixed-horizon",
                context.alpha, experiment.control(), context.units(), context.plannedUnitsPerArm(),
                context.sampleRatio(), metrics, context.verdict(metrics));
    }

    /** Everything one analysis needs, computed once. */
    private static final class Context {

        final Experiment experiment;
        final ExperimentStats fields;
        final List<String> arms = new ArrayList<>();
        final List<String> challengers = new ArrayList<>();
        final double[] weights;
        final double alpha;
        final double alphaPerChallenger;
        final Map<String, SampleSize> planned = new LinkedHashMap<>();

        Context(Experiment experiment, ExperimentStats fields, double[] weights) {
            this.experiment = experiment;
            this.fields = fields;
            for (Arm arm : experiment.activeArms()) {
                arms.add(arm.id());
                if (!arm.id().equals(experiment.control())) {
                    challengers.add(arm.id());
                }
            }
            this.weights = weights;
            Plan plan = experiment.plan();
            this.alpha = plan == null ? Plan.DEFAULT_ALPHA : plan.alpha();
            this.alphaPerChallenger = alpha / Math.max(1, challengers.size());
            if (plan != null) {
                Plan corrected = new Plan(plan.baseline(), plan.minimumDetectableEffect(), plan.relative(),
                        plan.standardDeviation(), alphaPerChallenger, plan.power());
                double controlWeight = weights[arms.indexOf(experiment.control())];
                for (String challenger : challengers) {
                    double challengerWeight = weights[arms.indexOf(challenger)];
                    // An arm planned at weight 0 (or a control at 0) gets no units: there is no sample to plan.
                    if (controlWeight > 0 && challengerWeight > 0) {
                        double ratio = challengerWeight / controlWeight;
                        planned.put(challenger, corrected.sampleSize(experiment.reward(), ratio, PLAN));
                    }
                }
            }
        }

        long units(String arm) {
            return fields.arm(arm).pulls();
        }

        Map<String, Long> units() {
            Map<String, Long> units = new LinkedHashMap<>();
            arms.forEach(arm -> units.put(arm, units(arm)));
            return units;
        }

        Long plannedUnitsPerArm() {
            return planned.values().stream()
                    .map(s -> Math.max(s.control(), s.challenger()))
                    .max(Long::compare)
                    .orElse(null);
        }

        SampleRatioView sampleRatio() {
            long[] observed = arms.stream().mapToLong(this::units).toArray();
            SampleRatio srm = SampleRatio.test(observed, weights, SampleRatio.DEFAULT_THRESHOLD);
            Map<String, Double> plannedWeights = new LinkedHashMap<>();
            for (int i = 0; i < arms.size(); i++) {
                plannedWeights.put(arms.get(i), weights[i]);
            }
            return new SampleRatioView(srm.pValue(), srm.flagged(), plannedWeights);
        }

        /** Whether the challenger's fixed-horizon test has reached its planned sample. */
        boolean planReached(String challenger) {
            SampleSize size = planned.get(challenger);
            return size != null && units(experiment.control()) >= size.control() && units(challenger) >= size.challenger();
        }

        Summary summary(String arm, Metric metric) {
            ArmStats stats = fields.arm(arm).armStats(metric.id());
            if (metric.kind() == RewardKind.BINARY) {
                // Every decision is a trial; a decision never rewarded with this metric counts as a 0.
                long successes = Math.min(stats.pulls(), Math.round(stats.rewardSum()));
                return Summary.ofRate(stats.pulls(), Math.max(0, successes));
            }
            return Summary.fromSums(stats.rewardCount(), stats.rewardSum(), stats.rewardSumOfSquares());
        }

        MetricAnalysis analyse(Metric metric) {
            boolean binary = metric.kind() == RewardKind.BINARY;
            List<ArmEstimate> estimates = new ArrayList<>();
            for (String arm : arms) {
                Summary s = summary(arm, metric);
                Interval ci = binary ? Estimates.wilson(s, alpha) : Estimates.meanT(s, alpha);
                estimates.add(new ArmEstimate(arm, s.count(), s.mean(), bounds(ci)));
            }
            List<ChallengerResult> results = new ArrayList<>();
            Summary control = summary(experiment.control(), metric);
            for (String challenger : challengers) {
                Summary candidate = summary(challenger, metric);
                long needed = binary ? 1 : 2;
                if (control.count() >= needed && candidate.count() >= needed) {
                    results.add(compare(metric, challenger, control, candidate));
                }
            }
            return new MetricAnalysis(metric.id(), metric.kind().wireName(), metric.higherIsBetter() ? "higher"
                    : "lower", metric.guardrail() ? "guardrail" : "primary", metric.guardrail() ? metric.margin()
                    : null, metric.guardrail() ? (metric.relativeMargin() ? "relative" : "absolute") : null,
                    estimates, results);
        }

        private ChallengerResult compare(Metric metric, String challenger, Summary control, Summary candidate) {
            boolean binary = metric.kind() == RewardKind.BINARY;
            Comparison fixed = binary
                    ? FixedHorizonTests.twoProportions(control, candidate, alphaPerChallenger)
                    : FixedHorizonTests.welch(control, candidate, alphaPerChallenger);
            double oneSidedLevel = Math.min(0.5, 2 * alphaPerChallenger);
            double p;
            Interval absolute;
            Interval relative;
            Interval forGuardrail;
            if (experiment.sequential()) {
                double variance = fixed.standardError() * fixed.standardError();
                double tau = tau(metric, control, candidate);
                p = SequentialTest.pValue(fixed.absoluteLift(), variance, tau);
                absolute = SequentialTest.confidenceSequence(fixed.absoluteLift(), variance, tau, alphaPerChallenger);
                relative = null;
                forGuardrail = SequentialTest.confidenceSequence(fixed.absoluteLift(), variance, tau, oneSidedLevel);
            } else {
                p = fixed.pValue();
                absolute = fixed.absoluteInterval();
                relative = fixed.relativeInterval();
                forGuardrail = (binary ? FixedHorizonTests.twoProportions(control, candidate, oneSidedLevel)
                        : FixedHorizonTests.welch(control, candidate, oneSidedLevel)).absoluteInterval();
            }
            boolean valid = experiment.sequential() || planReached(challenger);
            String guardrail = null;
            if (metric.guardrail()) {
                // Harm: how much worse the challenger is, in the metric's bad direction.
                Interval harm = metric.higherIsBetter()
                        ? new Interval(-forGuardrail.upper(), -forGuardrail.lower()) : forGuardrail;
                double margin = metric.relativeMargin() ? metric.margin() * Math.abs(control.mean()) : metric.margin();
                guardrail = valid ? NonInferiority.judge(harm, margin).name().toLowerCase(java.util.Locale.ROOT)
                        : "inconclusive";
            }
            return new ChallengerResult(challenger, fixed.absoluteLift(), bounds(absolute), fixed.relativeLift(),
                    relative == null ? null : bounds(relative), p, valid, valid && p < alphaPerChallenger, guardrail);
        }

        /**
         * The mSPRT mixing scale: the planned effect for the primary metric, otherwise a tenth of the control's
         * value (or of the pooled standard deviation when that is 0).
         */
        private double tau(Metric metric, Summary control, Summary candidate) {
            if (!metric.guardrail() && experiment.plan() != null) {
                return Math.abs(experiment.plan().absoluteEffect());
            }
            double scale = Math.abs(control.mean());
            if (scale == 0) {
                scale = Math.sqrt((control.variance() + candidate.variance()) / 2);
            }
            return scale > 0 ? 0.1 * scale : 1e-6;
        }

        Verdict verdict(List<MetricAnalysis> metrics) {
            SampleRatioView srm = sampleRatio();
            if (srm.mismatch()) {
                return new Verdict(CHECK_ASSIGNMENT, null, null, "Sample ratio mismatch: the units per arm "
                        + units() + " do not fit the planned weights (chi-square p = " + format(srm.pValue())
                        + " < 0.001). Assignment or logging is broken, so no result can be trusted; find the cause "
                        + "before reading anything else.");
            }
            MetricAnalysis primary = metrics.get(0);
            Metric primaryMetric = experiment.primary();
            for (MetricAnalysis m : metrics.subList(1, metrics.size())) {
                for (ChallengerResult r : m.comparisons()) {
                    if ("fail".equals(r.guardrail())) {
                        return new Verdict(STOP_GUARDRAIL, r.challenger(), null, "Stop: " + r.challenger()
                                + " is worse than " + experiment.control() + " on guardrail '" + m.metric()
                                + "' by more than its margin.");
                    }
                }
            }
            String best = null;
            double bestLift = 0;
            List<String> undecided = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            for (String challenger : challengers) {
                ChallengerResult r = primary.comparisons().stream().filter(c -> c.challenger().equals(challenger))
                        .findFirst().orElse(null);
                if (r == null || !r.pValueValid()) {
                    undecided.add(challenger);
                    continue;
                }
                double gain = primaryMetric.higherIsBetter() ? r.absoluteLift() : -r.absoluteLift();
                if (r.significant() && gain > 0) {
                    List<String> unproven = guardrailsNotPassed(metrics, challenger);
                    if (unproven.isEmpty()) {
                        if (best == null || gain > bestLift) {
                            best = challenger;
                            bestLift = gain;
                        }
                    } else if (experiment.sequential() && !planReached(challenger)) {
                        undecided.add(challenger);
                    } else {
                        reasons.add(challenger + " wins on '" + primary.metric() + "' but guardrails " + unproven
                                + " are not shown non-inferior");
                    }
                } else if (r.significant()) {
                    reasons.add(challenger + " is significantly worse on '" + primary.metric() + "'");
                } else if (experiment.sequential() && !planReached(challenger)) {
                    undecided.add(challenger);
                } else {
                    reasons.add(challenger + " shows no significant difference on '" + primary.metric() + "' (p = "
                            + format(r.pValue()) + ")");
                }
            }
            if (best != null) {
                return new Verdict(PROMOTE, best, null, "Promote " + best + ": it beats " + experiment.control()
                        + " on '" + primary.metric() + "' (p < " + format(alphaPerChallenger)
                        + ") and passes every guardrail.");
            }
            if (undecided.isEmpty()) {
                return new Verdict(KEEP_CONTROL, null, null, "Keep " + experiment.control() + ": "
                        + String.join("; ", reasons) + ".");
            }
            Long still = unitsStillNeeded(undecided, primary);
            String why = experiment.sequential()
                    ? "no challenger is significantly better or worse yet (always-valid p-values: checking again "
                            + "later is safe)"
                    : planned.isEmpty()
                            ? "the experiment has no planned sample, so its fixed-horizon p-values never become "
                                    + "valid; add a plan, or use \"test\": \"sequential\""
                            : "the planned sample is not reached, so the fixed-horizon p-values are not valid yet";
            return new Verdict(KEEP_RUNNING, null, still, "Keep running: " + why
                    + (still == null ? "." : "; about " + still + " more units per arm are needed"
                            + (planned.isEmpty() ? " at the effect observed so far." : ".")));
        }

        private List<String> guardrailsNotPassed(List<MetricAnalysis> metrics, String challenger) {
            List<String> notPassed = new ArrayList<>();
            for (MetricAnalysis m : metrics.subList(1, metrics.size())) {
                boolean passed = m.comparisons().stream()
                        .anyMatch(c -> c.challenger().equals(challenger) && "pass".equals(c.guardrail()));
                if (!passed) {
                    notPassed.add(m.metric());
                }
            }
            return notPassed;
        }

        /** Units per arm still needed: to the plan, or without one at the effect observed so far. */
        private Long unitsStillNeeded(List<String> undecided, MetricAnalysis primary) {
            long most = 0;
            boolean known = false;
            for (String challenger : undecided) {
                SampleSize size = planned.get(challenger);
                if (size == null) {
                    size = atObservedEffect(challenger, primary);
                }
                if (size != null) {
                    known = true;
                    most = Math.max(most, Math.max(size.control() - units(experiment.control()),
                            size.challenger() - units(challenger)));
                }
            }
            return known ? Math.max(0, most) : null;
        }

        private SampleSize atObservedEffect(String challenger, MetricAnalysis primary) {
            Metric metric = experiment.primary();
            Summary control = summary(experiment.control(), metric);
            Summary candidate = summary(challenger, metric);
            double effect = candidate.mean() - control.mean();
            double ratio = weights[arms.indexOf(challenger)] / weights[arms.indexOf(experiment.control())];
            try {
                return metric.kind() == RewardKind.BINARY
                        ? SampleSize.forRate(control.mean(), effect, false, alphaPerChallenger, Plan.DEFAULT_POWER,
                                ratio)
                        : SampleSize.forMean(control.mean(), Math.sqrt((control.variance() + candidate.variance()) / 2),
                                effect, false, alphaPerChallenger, Plan.DEFAULT_POWER, ratio);
            } catch (IllegalArgumentException notEstimable) {
                return null;
            }
        }
    }

    /** An interval as [lower, upper]; an unbounded side (too few observations yet) is null. */
    private static Double[] bounds(Interval interval) {
        return new Double[] {finite(interval.lower()), finite(interval.upper())};
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.3g", value);
    }
}
