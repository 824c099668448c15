package dev.lever.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The results of a contextual scenario, one row per policy, lowest mean regret first.
 *
 * @param scenario the scenario
 * @param rows one per policy
 */
public record ContextualReport(ContextualScenario scenario, List<Row> rows) {

    /**
     * One policy's results over the repetitions.
     *
     * @param label the policy's label
     * @param contextual whether the policy sees the context
     * @param regret mean cumulative regret at T against the best context-aware choice
     * @param p5 5th percentile of that regret
     * @param p95 95th percentile
     * @param bestShare mean share of decisions on a best arm for their context
     * @param lateBestShare per segment (one entry without segments): mean share of the late decisions on a best arm
     * @param reward mean total reward
     * @param joinRegret mean regret of the {@value ContextualRun#AFTER_ARRIVAL} decisions from the last arm's
     *     arrival on; NaN when no arm joins mid-run
     */
    public record Row(String label, boolean contextual, double regret, double p5, double p95, double bestShare,
            double[] lateBestShare, double reward, double joinRegret) {
    }

    static ContextualReport of(ContextualScenario scenario, List<List<ContextualRun.Result>> runs) {
        List<Row> rows = new ArrayList<>();
        for (int p = 0; p < runs.size(); p++) {
            List<ContextualRun.Result> results = runs.get(p);
            double[] regrets = results.stream().mapToDouble(ContextualRun.Result::regret).toArray();
            int segments = results.get(0).lateBestShare().length;
            double[] late = new double[segments];
            for (int s = 0; s < segments; s++) {
                int segment = s;
                late[s] = results.stream().mapToDouble(r -> r.lateBestShare()[segment]).average().orElse(Double.NaN);
            }
            ContextualScenario.Contender contender = scenario.policies().get(p);
            rows.add(new Row(contender.label(), contender.contextual(),
                    Arrays.stream(regrets).average().orElseThrow(), new Percentile().evaluate(regrets, 5),
                    new Percentile().evaluate(regrets, 95),
                    results.stream().mapToDouble(ContextualRun.Result::bestShare).average().orElseThrow(), late,
                    results.stream().mapToDouble(ContextualRun.Result::reward).average().orElseThrow(),
                    results.stream().mapToDouble(ContextualRun.Result::joinRegret).average()
                            .orElseThrow()));
        }
        rows.sort(Comparator.comparingDouble(Row::regret));
        return new ContextualReport(scenario, rows);
    }

    /** The row of the policy with this label. */
    public Row row(String label) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no policy labelled " + label));
    }

    /** The results as a text table, as {@code ./simulate --contextual} prints them. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d arms, d = %d, T = %,d, %d repetitions, seed %d%n",
                scenario.name(), scenario.arms().size(), scenario.dimension(), scenario.horizon(),
                scenario.repetitions(), scenario.seed()));
        out.append(scenario.description()).append('\n');
        List<String> segments = scenario.segments().isEmpty() ? List.of("all") : scenario.segments();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-4s  %-44s %10s %10s %10s %9s",
                "rank", "policy", "regret", "p5", "p95", "best arm"));
        // A column is as wide as its header, at least 14 characters ("late versicolor" is 15).
        int[] widths = segments.stream().mapToInt(segment -> Math.max(14, ("late " + segment).length())).toArray();
        for (int s = 0; s < segments.size(); s++) {
            header.append(String.format(Locale.ROOT, " %" + widths[s] + "s", "late " + segments.get(s)));
        }
        boolean arrivals = scenario.lastArrival() > 0;
        if (arrivals) {
            header.append(String.format(Locale.ROOT, " %14s", "join regret"));
        }
        out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            out.append(String.format(Locale.ROOT, "%4d  %-44s %10.1f %10.1f %10.1f %8.1f%%", i + 1,
                    row.label() + (row.contextual() ? "" : " (no context)"), row.regret(), row.p5(), row.p95(),
                    100 * row.bestShare()));
            for (int s = 0; s < widths.length; s++) {
                out.append(String.format(Locale.ROOT, " %" + (widths[s] - 1) + ".1f%%", 100 * row.lateBestShare()[s]));
            }
            if (arrivals) {
                out.append(String.format(Locale.ROOT, " %14.1f", row.joinRegret()));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
