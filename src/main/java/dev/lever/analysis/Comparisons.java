package dev.lever.analysis;

import dev.lever.analysis.Views.Analysis;
import dev.lever.analysis.Views.ArmEstimate;
import dev.lever.analysis.Views.ChallengerResult;
import dev.lever.analysis.Views.CupedResult;
import dev.lever.analysis.Views.CupedView;
import dev.lever.analysis.Views.MetricAnalysis;
import dev.lever.analysis.Views.SampleRatioView;
import dev.lever.experiment.Arm;
import dev.lever.experiment.ArmStop;
import dev.lever.experiment.Experiment;
import dev.lever.experiment.FieldPath;
import dev.lever.experiment.Metric;
import dev.lever.experiment.MetricForm;
import dev.lever.experiment.Plan;
import dev.lever.policy.RewardKind;
import dev.lever.stats.Comparison;
import dev.lever.stats.Cuped;
import dev.lever.stats.Estimate;
import dev.lever.stats.Estimates;
import dev.lever.stats.FixedHorizonTests;
import dev.lever.stats.GuardrailMonitor;
import dev.lever.stats.Form;
import dev.lever.stats.Interval;
import dev.lever.stats.InvalidStatisticsArgumentException;
import dev.lever.stats.NonInferiority;
import dev.lever.stats.RunningSequential;
import dev.lever.stats.SampleRatio;
import dev.lever.stats.SampleSize;
import dev.lever.stats.SequentialTest;
import dev.lever.stats.Summary;
import dev.lever.stats.UnitMetrics;
import dev.lever.stats.UnitMoments;
import dev.lever.store.ArmMoments;
import dev.lever.store.ExperimentStats;
import dev.lever.store.MetricMoments;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The analysis of an A/B experiment from one read of its statistics: per metric, each arm's estimate and each
 * challenger against the control, the sample-ratio check and the verdict. Pure (no I/O): the service hands it the
 * statistics and the running sequential results, and stores the updated running results it returns.
 *
 * <p><b>The unit of analysis.</b> With a user or session split each unit is one observation, however often it came
 * back (Kohavi, Tang &amp; Xu 2020, ch. 18; Deng, Knoblich &amp; Lu 2018): a {@code ratio} metric (clicks per
 * exposure, latency per request) is tested by the delta method on per-unit sums, a {@code per-unit} metric (share
 * of users who converted, revenue per user) by Welch's test on per-unit values. Decisions of one user are
 * correlated, so treating them as independent understates the variance; {@code perUnit = false} does exactly that
 * and is what a request split (each decision its own unit) uses.
 *
 * <p>With several challengers the significance level is split among them (Bonferroni), so that the chance of any
 * false win stays at alpha.
 */
final class Comparisons {

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private final Experiment experiment;
    private final ExperimentStats stats;
    private final boolean perUnit;
    private final Map<String, RunningSequential> running;
    private final Map<String, RunningSequential> updated = new LinkedHashMap<>();
    private final List<String> arms = new ArrayList<>();
    private final List<String> challengers = new ArrayList<>();
    private final double[] weights;
    private final double alpha;
    private final double alphaPerChallenger;
    private final Map<String, SampleSize> planned = new LinkedHashMap<>();

    /**
     * @param experiment an A/B experiment
     * @param weights the planned share of each active arm, in arm order
     * @param stats the experiment's statistics
     * @param perUnit whether each unit (true) or each decision (false) is an observation
     * @param running the running sequential results by {@link #key}
     */
    Comparisons(Experiment experiment, double[] weights, ExperimentStats stats, boolean perUnit,
            Map<String, RunningSequential> running) {
        this.experiment = experiment;
        this.stats = stats;
        this.perUnit = perUnit;
        this.running = running;
        this.weights = weights;
        for (Arm arm : experiment.activeArms()) {
            arms.add(arm.id());
            if (!arm.id().equals(experiment.control())) {
                challengers.add(arm.id());
            }
        }
        Plan plan = experiment.plan();
        this.alpha = plan == null ? Plan.DEFAULT_ALPHA : plan.alpha();
        this.alphaPerChallenger = alpha / Math.max(1, challengers.size());
        if (plan != null) {
            Plan corrected = new Plan(plan.baseline(), plan.minimumDetectableEffect(), plan.relative(),
                    plan.standardDeviation(), alphaPerChallenger, plan.power());
            double controlWeight = weight(experiment.control());
            for (String challenger : challengers) {
                // An arm planned at weight 0 (or a control at 0) gets no units: there is no sample to plan.
                if (controlWeight > 0 && weight(challenger) > 0) {
                    planned.put(challenger, corrected.sampleSize(experiment.reward(),
                            weight(challenger) / controlWeight, experiment.sequential(), FieldPath.of("plan")));
                }
            }
        }
    }

    /** The key of a running sequential result. */
    static String key(Metric metric, String challenger) {
        return metric.id() + ":" + challenger;
    }

    /** The running sequential results after this look, to be merged into the stored ones. */
    Map<String, RunningSequential> updatedRunning() {
        return updated;
    }

    Analysis analysis() {
        List<MetricAnalysis> metrics = new ArrayList<>();
        for (Metric metric : experiment.metrics()) {
            metrics.add(analyse(metric));
        }
        SampleRatioView srm = sampleRatio();
        Map<String, Long> stillNeeded = new LinkedHashMap<>();
        Set<String> reached = new HashSet<>();
        for (String challenger : challengers) {
            Long still = unitsStillNeeded(challenger);
            if (still != null) {
                stillNeeded.put(challenger, still);
            }
            if (planReached(challenger)) {
                reached.add(challenger);
            }
        }
        Views.Verdict verdict = Verdicts.decide(new Verdicts.Input(experiment.control(), challengers,
                experiment.sequential(), experiment.plan() != null, alphaPerChallenger, srm, units(), metrics.get(0),
                experiment.primary().higherIsBetter(), metrics.subList(1, metrics.size()), reached, stillNeeded,
                unitNoun()));
        Map<String, Long> decisions = new LinkedHashMap<>();
        arms.forEach(arm -> decisions.put(arm, stats.arm(arm).pulls()));
        return new Analysis(experiment.id(), experiment.sequential() ? "sequential" : "fixed-horizon",
                perUnit ? experiment.split().wireName() : "decision", alpha, experiment.control(), units(), decisions,
                plannedUnitsPerArm(), srm, metrics, verdict, guardrailStops());
    }

    private Map<String, ArmStop> guardrailStops() {
        Map<String, ArmStop> stops = new LinkedHashMap<>();
        experiment.arms().stream().filter(a -> a.stop() != null).forEach(a -> stops.put(a.id(), a.stop()));
        return stops.isEmpty() ? null : stops;
    }

    private String unitNoun() {
        return perUnit ? experiment.split().wireName() + "s" : "decisions";
    }

    private double weight(String arm) {
        return weights[arms.indexOf(arm)];
    }

    long units(String arm) {
        ArmMoments moments = stats.arm(arm);
        return perUnit ? moments.units() : moments.pulls();
    }

    private Map<String, Long> units() {
        Map<String, Long> units = new LinkedHashMap<>();
        arms.forEach(arm -> units.put(arm, units(arm)));
        return units;
    }

    private Long plannedUnitsPerArm() {
        return planned.values().stream().map(s -> Math.max(s.control(), s.challenger())).max(Long::compare)
                .orElse(null);
    }

    private SampleRatioView sampleRatio() {
        Map<String, Double> plannedWeights = new LinkedHashMap<>();
        for (int i = 0; i < arms.size(); i++) {
            plannedWeights.put(arms.get(i), weights[i]);
        }
        if (arms.size() < 2) {
            // Every challenger retired or stopped: one arm takes all the traffic, which no ratio can contradict.
            return new SampleRatioView(1.0, false, plannedWeights);
        }
        long[] observed = arms.stream().mapToLong(this::units).toArray();
        SampleRatio srm = SampleRatio.test(observed, weights, SampleRatio.DEFAULT_THRESHOLD);
        return new SampleRatioView(srm.pValue(), srm.flagged(), plannedWeights);
    }

    /** Whether the challenger's planned sample (fixed-horizon or sequential) is reached. */
    private boolean planReached(String challenger) {
        SampleSize size = planned.get(challenger);
        return size != null && units(experiment.control()) >= size.control() && units(challenger) >= size.challenger();
    }

    private static Form form(Metric metric) {
        return metric.form() == MetricForm.PER_UNIT ? Form.PER_UNIT : Form.RATIO;
    }

    /** An arm's estimate of a metric, or null while it has too few observations for one. */
    Estimate estimate(String arm, Metric metric) {
        return estimate(stats.arm(arm), metric, perUnit);
    }

    /**
     * An arm's estimate of a metric from its moments, or null while it has too few observations for one.
     *
     * @param perUnit whether each unit (true) or each decision (false) is an observation
     */
    static Estimate estimate(ArmMoments moments, Metric metric, boolean perUnit) {
        MetricMoments values = moments.metric(metric.id());
        boolean binary = metric.kind() == RewardKind.BINARY;
        if (perUnit) {
            UnitMoments units = values.units();
            if (units.n() < 2 || (form(metric) == Form.RATIO && !(units.meanX() > 0))) {
                return null;
            }
            return form(metric) == Form.RATIO ? UnitMetrics.ratio(units) : UnitMetrics.perUnit(units, binary);
        }
        if (binary) {
            return moments.pulls() < 1 ? null : UnitMetrics.decisionLevel(rate(moments, metric), true);
        }
        return values.count() < 2 ? null : UnitMetrics.decisionLevel(summary(values));
    }

    /** Decision level, binary: every decision is a trial; one never rewarded with this metric counts as a 0. */
    private static Summary rate(ArmMoments moments, Metric metric) {
        long successes = Math.min(moments.pulls(), Math.round(moments.metric(metric.id()).sum()));
        return Summary.ofRate(moments.pulls(), Math.max(0, successes));
    }

    private static Summary summary(MetricMoments values) {
        return new Summary(values.count(), values.mean(), values.sumOfSquaredDeviations());
    }

    private long observations(String arm, Metric metric) {
        ArmMoments moments = stats.arm(arm);
        if (perUnit) {
            return moments.metric(metric.id()).units().n();
        }
        return metric.kind() == RewardKind.BINARY ? moments.pulls() : moments.metric(metric.id()).count();
    }

    private MetricAnalysis analyse(Metric metric) {
        boolean binary = metric.kind() == RewardKind.BINARY;
        List<ArmEstimate> estimates = new ArrayList<>();
        for (String arm : arms) {
            Estimate e = estimate(arm, metric);
            long n = observations(arm, metric);
            if (e == null) {
                estimates.add(new ArmEstimate(arm, n, rawValue(arm, metric), new Double[] {null, null}));
            } else {
                Interval ci = !perUnit && binary ? Estimates.wilson(rate(stats.arm(arm), metric), alpha)
                        : interval(e, alpha);
                estimates.add(new ArmEstimate(arm, n, e.value(), bounds(ci)));
            }
        }
        Cuped.Adjustment cuped = cuped(metric);
        List<ChallengerResult> results = new ArrayList<>();
        Estimate control = estimate(experiment.control(), metric);
        for (String challenger : challengers) {
            Estimate candidate = estimate(challenger, metric);
            if (control != null && candidate != null) {
                CupedResult adjusted = cuped == null ? null : cupedResult(metric, cuped, challenger);
                results.add(compare(metric, challenger, control, candidate, adjusted));
            }
        }
        return new MetricAnalysis(metric.id(), metric.kind().wireName(), metric.form().wireName(),
                metric.higherIsBetter() ? "higher" : "lower", metric.guardrail() ? "guardrail" : "primary",
                metric.guardrail() ? metric.margin() : null,
                metric.guardrail() ? (metric.relativeMargin() ? "relative" : "absolute") : null, estimates, results,
                cuped == null ? null : new CupedView(cuped.theta(), cuped.varianceReduction()));
    }

    /** The value shown for an arm too small for an estimate: the plain mean of what there is. */
    private double rawValue(String arm, Metric metric) {
        ArmMoments moments = stats.arm(arm);
        MetricMoments values = moments.metric(metric.id());
        if (perUnit) {
            UnitMoments u = values.units();
            if (form(metric) == Form.PER_UNIT) {
                return metric.kind() == RewardKind.BINARY ? u.meanV() : u.meanY();
            }
            return u.meanX() > 0 ? u.meanY() / u.meanX() : 0.0;
        }
        if (metric.kind() == RewardKind.BINARY) {
            return moments.pulls() == 0 ? 0.0 : Math.min(1.0, values.sum() / moments.pulls());
        }
        return values.mean();
    }

    private ChallengerResult compare(Metric metric, String challenger, Estimate control, Estimate candidate,
            CupedResult cuped) {
        Comparison fixed = FixedHorizonTests.compare(control, candidate, alphaPerChallenger);
        double p;
        Interval absolute;
        Interval relative;
        boolean valid = experiment.sequential() || planReached(challenger);
        if (experiment.sequential()) {
            double variance = fixed.standardError() * fixed.standardError();
            double tau = tau(metric, control, candidate);
            RunningSequential now = run(key(metric, challenger), SequentialTest.pValue(fixed.absoluteLift(), variance,
                    tau), SequentialTest.confidenceSequence(fixed.absoluteLift(), variance, tau, alphaPerChallenger));
            p = now.pValue();
            absolute = now.interval();
            relative = null;
        } else {
            p = fixed.pValue();
            absolute = fixed.absoluteInterval();
            relative = fixed.relativeInterval();
        }
        String guardrail = null;
        if (metric.guardrail()) {
            guardrail = valid ? guardrail(metric, challenger, control, candidate).name().toLowerCase(Locale.ROOT)
                    : "inconclusive";
        }
        return new ChallengerResult(challenger, fixed.absoluteLift(), bounds(absolute), fixed.relativeLift(),
                relative == null ? null : bounds(relative), p, valid, valid && p < alphaPerChallenger, guardrail,
                cuped);
    }

    /**
     * The guardrail's non-inferiority verdict at one-sided level alpha per challenger. A relative margin m is
     * tested as the contrast T - (1 - m) C (or (1 + m) C - T when lower is better) with its own variance, since
     * the control's value is itself estimated; a sequential test judges the contrast by its confidence sequence.
     */
    private NonInferiority guardrail(Metric metric, String challenger, Estimate control, Estimate candidate) {
        boolean higher = metric.higherIsBetter();
        double m = metric.margin();
        if (metric.relativeMargin() && higher && m >= 1) {
            return NonInferiority.PASS; // a harm of 100% or more accepts any challenger
        }
        if (!experiment.sequential()) {
            return metric.relativeMargin()
                    ? NonInferiority.judgeRelative(control, candidate, m, higher, alphaPerChallenger)
                    : NonInferiority.judgeAbsolute(control, candidate, m, higher, alphaPerChallenger);
        }
        double w = metric.relativeMargin() ? (higher ? 1 - m : 1 + m) : 1;
        double shift = metric.relativeMargin() ? 0 : m;
        double contrast = higher ? candidate.value() - w * control.value() + shift
                : w * control.value() + shift - candidate.value();
        double variance = candidate.variance() + w * w * control.variance();
        double level = Math.min(0.5, 2 * alphaPerChallenger);
        double tau = tau(metric, control, candidate);
        RunningSequential now = run(key(metric, challenger) + ":guardrail",
                SequentialTest.pValue(contrast, variance, tau),
                SequentialTest.confidenceSequence(contrast, variance, tau, level));
        return now.lower() > 0 ? NonInferiority.PASS : now.upper() < 0 ? NonInferiority.FAIL
                : NonInferiority.INCONCLUSIVE;
    }

    /** The running result after this look: p-values never rise, confidence sequences only narrow. */
    private RunningSequential run(String key, double p, Interval cs) {
        RunningSequential next = running.getOrDefault(key, RunningSequential.start()).next(p, cs);
        updated.put(key, next);
        return next;
    }

    /**
     * The mSPRT mixing scale. For the primary metric with a plan, tuned to the plan: tau^2 = r* V with V the
     * variance of the difference at the planned sequential sample, which is delta^2 / (k + z_power)^2 by the
     * sample-size formula ({@link SequentialTest#tunedTau}). Otherwise a tenth of the control's value (or of the
     * per-unit standard deviation when that is 0).
     */
    private double tau(Metric metric, Estimate control, Estimate candidate) {
        Plan plan = experiment.plan();
        if (!metric.guardrail() && plan != null) {
            double k = SequentialTest.thresholdMultiplier(alphaPerChallenger);
            double z = NORMAL.inverseCumulativeProbability(plan.power());
            double delta = plan.absoluteEffect();
            return SequentialTest.tunedTau(delta * delta / ((k + z) * (k + z)), alphaPerChallenger);
        }
        return GuardrailMonitor.tau(control, candidate);
    }

    /** The CUPED adjustment when units sent pre-experiment values of this metric, else null. */
    private Cuped.Adjustment cuped(Metric metric) {
        if (!perUnit) {
            return null;
        }
        List<UnitMoments> moments = arms.stream().map(a -> stats.arm(a).metric(metric.id()).units()).toList();
        if (moments.stream().noneMatch(m -> m.cpp() > 0)) {
            return null;
        }
        try {
            return Cuped.adjust(moments, form(metric), metric.kind() == RewardKind.BINARY);
        } catch (InvalidStatisticsArgumentException tooFewUnits) {
            return null;
        }
    }

    private CupedResult cupedResult(Metric metric, Cuped.Adjustment cuped, String challenger) {
        Estimate control = cuped.estimates().get(arms.indexOf(experiment.control()));
        Estimate candidate = cuped.estimates().get(arms.indexOf(challenger));
        Comparison c = FixedHorizonTests.compare(control, candidate, alphaPerChallenger);
        if (experiment.sequential()) {
            double variance = c.standardError() * c.standardError();
            double tau = tau(metric, control, candidate);
            return new CupedResult(c.absoluteLift(), bounds(SequentialTest.confidenceSequence(c.absoluteLift(),
                    variance, tau, alphaPerChallenger)), c.relativeLift(), null,
                    SequentialTest.pValue(c.absoluteLift(), variance, tau));
        }
        return new CupedResult(c.absoluteLift(), bounds(c.absoluteInterval()), c.relativeLift(),
                c.relativeInterval() == null ? null : bounds(c.relativeInterval()), c.pValue());
    }

    /**
     * Units per arm still needed to detect the planned effect (or, without a plan, the effect observed so far) at
     * the planned power, from the observed per-unit variances: n_c = (q + z_power)^2 (s_c^2 + s_t^2 / r) / delta^2
     * with q = z_{1 - alpha/2} for a fixed-horizon test and the always-valid threshold k for a sequential one.
     * Falls back on the plan's sample while an arm has too few units for a variance.
     */
    private Long unitsStillNeeded(String challenger) {
        Metric metric = experiment.primary();
        Estimate control = estimate(experiment.control(), metric);
        Estimate candidate = estimate(challenger, metric);
        Plan plan = experiment.plan();
        double ratio = weight(experiment.control()) > 0 ? weight(challenger) / weight(experiment.control()) : 0;
        if (control != null && candidate != null && ratio > 0) {
            double delta = plan != null ? Math.abs(plan.absoluteEffect())
                    : Math.abs(candidate.value() - control.value());
            double sc2 = control.variance() * control.units();
            double st2 = candidate.variance() * candidate.units();
            if (delta > 0 && sc2 + st2 > 0) {
                double q = experiment.sequential() ? SequentialTest.thresholdMultiplier(alphaPerChallenger)
                        : NORMAL.inverseCumulativeProbability(1 - alphaPerChallenger / 2);
                double z = NORMAL.inverseCumulativeProbability(plan == null ? Plan.DEFAULT_POWER : plan.power());
                double nc = (q + z) * (q + z) * (sc2 + st2 / ratio) / (delta * delta);
                long needed = Math.max((long) Math.ceil(nc) - units(experiment.control()),
                        (long) Math.ceil(nc * ratio) - units(challenger));
                return Math.max(0, needed);
            }
        }
        SampleSize size = planned.get(challenger);
        if (size == null) {
            return null;
        }
        return Math.max(0, Math.max(size.control() - units(experiment.control()), size.challenger() - units(challenger)));
    }

    /** value +/- q se, q from Student's t with the estimate's degrees of freedom, or normal. */
    private static Interval interval(Estimate e, double alpha) {
        double q = Double.isInfinite(e.degreesOfFreedom())
                ? NORMAL.inverseCumulativeProbability(1 - alpha / 2)
                : new TDistribution(null, e.degreesOfFreedom()).inverseCumulativeProbability(1 - alpha / 2);
        double half = q * e.standardError();
        return new Interval(e.value() - half, e.value() + half);
    }

    /** An interval as [lower, upper]; an unbounded side (too few observations yet) is null. */
    private static Double[] bounds(Interval interval) {
        return new Double[] {finite(interval.lower()), finite(interval.upper())};
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
