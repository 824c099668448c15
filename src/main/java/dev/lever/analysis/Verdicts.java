package dev.lever.analysis;

import dev.lever.analysis.Views.ChallengerResult;
import dev.lever.analysis.Views.MetricAnalysis;
import dev.lever.analysis.Views.SampleRatioView;
import dev.lever.analysis.Views.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The verdict of an A/B analysis as a decision table, in this order of precedence:
 * <ol>
 *   <li>{@code check-assignment}: a sample-ratio mismatch; nothing else can be trusted;</li>
 *   <li>{@code stop-guardrail-failure}: a challenger is shown worse than a guardrail's margin;</li>
 *   <li>{@code promote-challenger}: the challenger with the largest significant gain on the primary metric that
 *       passes every guardrail;</li>
 *   <li>{@code keep-running}: some challenger is undecided (plan not reached, or a sequential test that has not
 *       concluded), with the units per arm still needed;</li>
 *   <li>{@code keep-control}: every challenger is decided and none wins.</li>
 * </ol>
 * Pure: the tests call it with results near every threshold.
 */
final class Verdicts {

    static final String PROMOTE = "promote-challenger";
    static final String KEEP_CONTROL = "keep-control";
    static final String KEEP_RUNNING = "keep-running";
    static final String STOP_GUARDRAIL = "stop-guardrail-failure";
    static final String CHECK_ASSIGNMENT = "check-assignment";

    private Verdicts() {
    }

    /**
     * What the verdict is decided from.
     *
     * @param control the control arm
     * @param challengers the challengers, in arm order
     * @param sequential whether the tests are always-valid
     * @param hasPlan whether the experiment has a planned sample
     * @param alphaPerChallenger the significance level of each challenger (Bonferroni)
     * @param srm the sample-ratio check
     * @param units units of analysis per arm
     * @param primary the primary metric's analysis
     * @param higherIsBetter the primary metric's good direction
     * @param guardrails the guardrail metrics' analyses
     * @param planReached the challengers whose planned sample is reached
     * @param stillNeeded per challenger, the units per arm still needed, when it can be estimated
     * @param unitNoun what a unit is, in words ("users", "sessions", "decisions")
     */
    record Input(String control, List<String> challengers, boolean sequential, boolean hasPlan,
            double alphaPerChallenger, SampleRatioView srm, Map<String, Long> units, MetricAnalysis primary,
            boolean higherIsBetter, List<MetricAnalysis> guardrails, Set<String> planReached,
            Map<String, Long> stillNeeded, String unitNoun) {
    }

    static Verdict decide(Input in) {
        if (in.srm().mismatch()) {
            return new Verdict(CHECK_ASSIGNMENT, null, null, "Sample ratio mismatch: the " + in.unitNoun()
                    + " per arm " + in.units() + " do not fit the planned weights (chi-square p = "
                    + format(in.srm().pValue()) + " < 0.001). Assignment or logging is broken, so no result can be "
                    + "trusted; find the cause before reading anything else.");
        }
        for (MetricAnalysis guardrail : in.guardrails()) {
            for (ChallengerResult r : guardrail.comparisons()) {
                if ("fail".equals(r.guardrail())) {
                    return new Verdict(STOP_GUARDRAIL, r.challenger(), null, "Stop: " + r.challenger()
                            + " is worse than " + in.control() + " on guardrail '" + guardrail.metric()
                            + "' by more than its margin.");
                }
            }
        }
        if (in.challengers().isEmpty()) {
            return new Verdict(KEEP_CONTROL, null, null, "Keep " + in.control() + ": no challenger is active (each "
                    + "was retired, or stopped by a guardrail: see guardrailStops).");
        }
        String best = null;
        double bestGain = 0;
        List<String> undecided = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String challenger : in.challengers()) {
            ChallengerResult r = result(in.primary(), challenger);
            boolean stillOpen = in.sequential() && !in.planReached().contains(challenger);
            if (r == null || !r.pValueValid()) {
                undecided.add(challenger);
                continue;
            }
            double gain = in.higherIsBetter() ? r.absoluteLift() : -r.absoluteLift();
            if (r.significant() && gain > 0) {
                List<String> unproven = guardrailsNotPassed(in.guardrails(), challenger);
                if (unproven.isEmpty()) {
                    if (best == null || gain > bestGain) {
                        best = challenger;
                        bestGain = gain;
                    }
                } else if (stillOpen) {
                    undecided.add(challenger);
                } else {
                    reasons.add(challenger + " wins on '" + in.primary().metric() + "' but guardrails " + unproven
                            + " are not shown non-inferior");
                }
            } else if (r.significant()) {
                reasons.add(challenger + " is significantly worse on '" + in.primary().metric() + "'");
            } else if (stillOpen) {
                undecided.add(challenger);
            } else {
                reasons.add(challenger + " shows no significant difference on '" + in.primary().metric()
                        + "' (p = " + format(r.pValue()) + ")");
            }
        }
        if (best != null) {
            return new Verdict(PROMOTE, best, null, "Promote " + best + ": it beats " + in.control() + " on '"
                    + in.primary().metric() + "' (p < " + format(in.alphaPerChallenger())
                    + ") and passes every guardrail.");
        }
        if (undecided.isEmpty()) {
            return new Verdict(KEEP_CONTROL, null, null, "Keep " + in.control() + ": " + String.join("; ", reasons)
                    + ".");
        }
        Long still = undecided.stream().map(in.stillNeeded()::get).filter(java.util.Objects::nonNull)
                .max(Long::compare).orElse(null);
        String why = in.sequential()
                ? "no challenger is significantly better or worse yet (always-valid p-values: checking again later "
                        + "is safe)"
                : in.hasPlan() ? "the planned sample is not reached, so the fixed-horizon p-values are not valid yet"
                        : "the experiment has no planned sample, so its fixed-horizon p-values never become valid; "
                                + "add a plan, or use \"test\": \"sequential\"";
        return new Verdict(KEEP_RUNNING, null, still, "Keep running: " + why
                + (still == null ? "." : "; about " + still + " more " + in.unitNoun() + " per arm are needed"
                        + (in.hasPlan() ? "." : " at the effect observed so far.")));
    }

    private static ChallengerResult result(MetricAnalysis metric, String challenger) {
        return metric.comparisons().stream().filter(c -> c.challenger().equals(challenger)).findFirst().orElse(null);
    }

    private static List<String> guardrailsNotPassed(List<MetricAnalysis> guardrails, String challenger) {
        List<String> notPassed = new ArrayList<>();
        for (MetricAnalysis m : guardrails) {
            ChallengerResult r = result(m, challenger);
            if (r == null || !"pass".equals(r.guardrail())) {
                notPassed.add(m.metric());
            }
        }
        return notPassed;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
