package dev.lever.simulation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a report as a terminal table, CSV files and a regret chart (PNG and SVG, drawn with XChart).
 *
 * <p>The chart is meant to be read across scenarios: regret on a log axis (an A/B test's thousands and a bandit's
 * tens both stay visible), each policy type in the same colour in every chart (variants of one type, such as a
 * parameter sweep, differ by dash pattern, in the order the scenario lists them), and for a scenario whose arms
 * change, a linear time axis with a dotted line wherever another arm becomes the best.
 */
public final class ReportWriter {

    /** One colour per policy type, the same in every chart. */
    private static final Map<String, Color> TYPE_COLOURS = Map.of(
            "thompson", new Color(0x1f77b4),
            "discounted-thompson", new Color(0x9467bd),
            "ucb1", new Color(0xd62728),
            "discounted-ucb", new Color(0xff7f0e),
            "epsilon-greedy", new Color(0x2ca02c),
            "fixed-split", new Color(0x7f7f7f));
    private static final Color OTHER = new Color(0x8c564b);
    /** Dash patterns for the variants of one type, in scenario order; null is a solid line. */
    private static final float[][] DASHES = {null, {9f, 4f}, {2f, 3f}, {9f, 3f, 2f, 3f}, {16f, 5f}, {4f, 4f}};
    /** The y axis starts this many decades below the smallest final mean regret. */
    private static final int DECADES_BELOW = 2;

    private ReportWriter() {
    }

    /** The ranked table, best policy first, with the recommendation. */
    public static void printTable(Report report, PrintStream out) {
        Scenario s = report.scenario();
        out.printf(Locale.ROOT, "%s: %d arms, T = %,d, %d repetitions, seed %d%s%s%s%n", s.name(), s.arms().size(),
                s.horizon(), s.repetitions(), s.seed(), s.delay() > 0 ? ", rewards delayed " + s.delay() + " steps"
                        : "", s.batch() > 1 ? ", statistics refreshed every " + s.batch() + " steps" : "",
                s.policies().stream().anyMatch(c -> c.policy().discount().isPresent())
                        ? String.format(Locale.ROOT, ", %s decision%s per second", plain(s.decisionsPerSecond()),
                                s.decisionsPerSecond() == 1 ? "" : "s") : "");
        if (!s.description().isEmpty()) {
            out.println(s.description());
        }
        int width = Math.max(6, report.policies().stream().mapToInt(p -> p.label().length()).max().orElse(6));
        List<Report.PairedDifference> differences = report.againstRecommended();
        String header = String.format(Locale.ROOT, "%4s  %-" + width + "s  %10s  %10s  %10s  %-22s  %9s  %13s", "rank",
                "policy", "regret", "p5", "p95", "vs #1 (paired 95%)", "best arm", "total reward");
        out.println(header);
        out.println("-".repeat(header.length()));
        int rank = 1;
        for (Report.PolicySummary p : report.policies()) {
            String versus = rank == 1 ? "" : versus(differences.get(rank - 2));
            out.printf(Locale.ROOT, "%4d  %-" + width + "s  %10.1f  %10.1f  %10.1f  %-22s  %8.1f%%  %13.1f%n", rank++,
                    p.label(), p.finalRegret(), p.p5()[p.p5().length - 1], p.finalP95(), versus,
                    100 * p.bestArmShare(), p.meanReward());
        }
        if (report.laiRobbins() != null) {
            out.printf(Locale.ROOT, "Lai-Robbins asymptotic slope: %.2f per unit of ln t (times ln T: %.1f), the growth "
                    + "rate no consistent policy beats as t grows; not a lower bound on the regret at finite t%n",
                    report.laiRobbinsSlope(), report.laiRobbins()[report.laiRobbins().length - 1]);
        }
        for (String line : recommendation(report)) {
            out.println(line);
        }
        if (s.guardrail() != null) {
            printGuardrail(report, out, width);
        }
        Report.PolicySummary best = report.recommended();
        report.policies().stream().filter(p -> p.type().equals("fixed-split")).findFirst().ifPresent(ab ->
                out.printf(Locale.ROOT, "An A/B test (%s) pays %.1f regret over T, %.1f more than %s.%n", ab.label(),
                        ab.finalRegret(), ab.finalRegret() - best.finalRegret(), best.label()));
    }

    /** Per policy and arm: the decisions it got, how often the guardrail stopped it, and when. */
    private static void printGuardrail(Report report, PrintStream out, int width) {
        Scenario s = report.scenario();
        GuardrailModel g = s.guardrail();
        out.printf(Locale.ROOT, "Guardrail %s (%s is better, %s margin %s against %s, alpha %s): decisions per arm "
                + "(mean over runs), share of runs that stopped it, mean step of the stop%n", g.metric(),
                g.higherIsBetter() ? "higher" : "lower", g.relative() ? "relative" : "absolute", plain(g.margin()),
                s.arms().get(g.control()).id(), plain(g.alpha()));
        int armWidth = Math.max(3, s.arms().stream().mapToInt(a -> a.id().length()).max().orElse(3));
        String header = String.format(Locale.ROOT, "%-" + width + "s  %-" + armWidth + "s  %12s  %8s  %12s", "policy",
                "arm", "decisions", "stopped", "stopped at");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Report.PolicySummary p : report.policies()) {
            for (int a = 0; a < s.arms().size(); a++) {
                out.printf(Locale.ROOT, "%-" + width + "s  %-" + armWidth + "s  %12.1f  %7.1f%%  %12s%n", p.label(),
                        s.arms().get(a).id(), p.meanPulls()[a], 100 * p.stoppedShare()[a],
                        Double.isNaN(p.meanStoppedAt()[a]) ? "-" : String.format(Locale.ROOT, "%.0f",
                                p.meanStoppedAt()[a]));
            }
        }
    }

    private static String versus(Report.PairedDifference d) {
        if (Double.isNaN(d.halfWidth())) {
            return String.format(Locale.ROOT, "+%.1f", d.difference());
        }
        return String.format(Locale.ROOT, "+%.1f ± %.1f%s", d.difference(), d.halfWidth(), d.tied() ? " tied" : "");
    }

    /**
     * The recommendation: the policy with the lowest mean regret and its p95; the policies statistically tied with
     * it and their p95, and which of them carries the least risk; or, when nothing is tied, by how much the runner-up
     * is behind.
     */
    static List<String> recommendation(Report report) {
        Report.PolicySummary best = report.recommended();
        Scenario s = report.scenario();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Recommended: %s (lowest mean cumulative regret at T = %,d: %.1f, p95 %.1f)",
                best.label(), s.horizon(), best.finalRegret(), best.finalP95()));
        List<Report.PairedDifference> differences = report.againstRecommended();
        if (differences.isEmpty()) {
            return lines;
        }
        if (s.repetitions() < 2) {
            lines.add("One repetition tells no policy apart from another: raise repetitions to compare them.");
            return lines;
        }
        List<Report.PairedDifference> tied = differences.stream().filter(Report.PairedDifference::tied).toList();
        String pairing = "paired 95% interval over " + s.repetitions() + " runs on the same reward draws";
        if (tied.isEmpty()) {
            Report.PairedDifference next = differences.get(0);
            lines.add(String.format(Locale.ROOT, "The runner-up, %s, pays %.1f ± %.1f more (%s): the lead is not "
                    + "noise.", next.policy().label(), next.difference(), next.halfWidth(), pairing));
            return lines;
        }
        lines.add("Statistically tied with it (" + pairing + " includes 0): " + String.join(", ", tied.stream()
                .map(d -> String.format(Locale.ROOT, "%s (+%.1f ± %.1f, p95 %.1f)", d.policy().label(),
                        d.difference(), d.halfWidth(), d.policy().finalP95())).toList()) + ".");
        Report.PolicySummary safest = best;
        for (Report.PairedDifference d : tied) {
            // Compared as printed (one decimal), so that the advice never names two equal-looking figures.
            if (Math.round(10 * d.policy().finalP95()) < Math.round(10 * safest.finalP95())) {
                safest = d.policy();
            }
        }
        lines.add(safest == best
                ? String.format(Locale.ROOT, "Among the tied policies %s also has the lowest risk of a bad run "
                        + "(p95 %.1f).", best.label(), best.finalP95())
                : String.format(Locale.ROOT, "Among the tied policies %s has the lowest risk of a bad run (p95 %.1f "
                        + "against %.1f): prefer it if bad runs cost more than the mean.", safest.label(),
                        safest.finalP95(), best.finalP95()));
        return lines;
    }

    /** Writes {@code summary.csv}, {@code regret.csv}, {@code regret.png} and {@code regret.svg} into {@code dir}. */
    public static List<Path> write(Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(writeSummary(report, dir.resolve("summary.csv")));
        written.add(writeRegret(report, dir.resolve("regret.csv")));
        XYChart chart = chart(report);
        Path png = dir.resolve("regret.png");
        BitmapEncoder.saveBitmapWithDPI(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG, 120);
        written.add(png);
        Path svg = dir.resolve("regret.svg");
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        written.add(svg);
        return written;
    }

    private static Path writeSummary(Report report, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("rank,policy,type,regret_mean,regret_p5,regret_p95,best_arm_share,"
                + "total_reward_mean,regret_vs_best,regret_vs_best_ci95,tied_with_best\n");
        List<Report.PairedDifference> differences = report.againstRecommended();
        int rank = 1;
        for (Report.PolicySummary p : report.policies()) {
            int last = p.mean().length - 1;
            csv.append(String.format(Locale.ROOT, "%d,%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f", rank, quote(p.label()),
                    p.type(), p.mean()[last], p.p5()[last], p.p95()[last], p.bestArmShare(), p.meanReward()));
            if (rank == 1) {
                csv.append(",,,\n");
            } else {
                Report.PairedDifference d = differences.get(rank - 2);
                csv.append(String.format(Locale.ROOT, ",%.6f,%s,%s%n", d.difference(),
                        Double.isNaN(d.halfWidth()) ? "" : String.format(Locale.ROOT, "%.6f", d.halfWidth()),
                        d.tied()));
            }
            rank++;
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    private static Path writeRegret(Report report, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("policy,t,regret_mean,regret_p5,regret_p95\n");
        for (Report.PolicySummary p : report.policies()) {
            for (int c = 0; c < report.checkpoints().length; c++) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f,%.6f%n", quote(p.label()),
                        report.checkpoints()[c], p.mean()[c], p.p5()[c], p.p95()[c]));
            }
        }
        if (report.laiRobbins() != null) {
            for (int c = 0; c < report.checkpoints().length; c++) {
                csv.append(String.format(Locale.ROOT, "lai-robbins-asymptote,%d,%.6f,,%n", report.checkpoints()[c],
                        report.laiRobbins()[c]));
            }
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Cumulative regret on a log axis against t, each policy's mean as a line over its p5–p95 band, in scenario
     * order. The t axis is logarithmic for stationary arms (a regret growing like log t is then a straight line) and
     * linear, with a dotted line wherever another arm becomes the best, when the arms change.
     */
    static XYChart chart(Report report) {
        Scenario s = report.scenario();
        boolean stationary = s.stationary();
        XYChart chart = new XYChartBuilder().width(1200).height(650)
                .title(s.name() + ": cumulative regret, mean of " + s.repetitions() + " runs (band p5-p95 for the "
                        + "leaders)")
                .xAxisTitle(stationary ? "decisions t (log scale)"
                        : "decisions t (dotted lines: another arm becomes the best)")
                .yAxisTitle("cumulative pseudo-regret (log scale)").build();
        Styler styler = chart.getStyler();
        chart.getStyler().setXAxisLogarithmic(stationary);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setAnnotationLineColor(new Color(0x555555));
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {2f, 4f}, 0f));
        styler.setAntiAlias(true);
        double floor = yFloor(report);
        chart.getStyler().setYAxisLogarithmic(floor > 0);
        if (floor > 0) {
            chart.getStyler().setYAxisMin(floor);
        }
        long[] checkpoints = report.checkpoints();
        java.util.Set<String> banded = leaders(report);
        for (Scenario.Contender contender : s.policies()) {
            Report.PolicySummary p = report.policies().stream().filter(x -> x.label().equals(contender.label()))
                    .findFirst().orElseThrow();
            int from = firstAtLeast(p.mean(), floor);
            if (from == checkpoints.length) {
                continue;
            }
            int n = checkpoints.length - from;
            double[] x = new double[n];
            double[] y = new double[n];
            double[] bandX = new double[2 * n];
            double[] bandY = new double[2 * n];
            for (int i = 0; i < n; i++) {
                x[i] = checkpoints[from + i];
                y[i] = p.mean()[from + i];
                bandX[i] = x[i];
                bandY[i] = Math.max(floor, p.p95()[from + i]);
                bandX[2 * n - 1 - i] = x[i];
                bandY[2 * n - 1 - i] = Math.max(floor, p.p5()[from + i]);
            }
            Color colour = colour(contender.policy().type());
            if (banded.contains(p.label())) {
                XYSeries band = chart.addSeries(p.label() + " p5-p95", bandX, bandY);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 40));
                band.setLineColor(new Color(0, 0, 0, 0));
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(p.label(), x, y);
            line.setLineColor(colour);
            float[] dash = DASHES[variant(s, contender) % DASHES.length];
            line.setLineStyle(dash == null ? new BasicStroke(2f)
                    : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
            line.setMarker(SeriesMarkers.NONE);
        }
        if (report.laiRobbins() != null) {
            addAsymptote(chart, report);
        }
        for (long change : s.bestArmChanges()) {
            chart.addAnnotation(new AnnotationLine(change, true, false));
        }
        return chart;
    }

    /**
     * The Lai–Robbins slope as a reference line over the last decade: slope * ln(t / t0) above the recommended
     * policy's regret at t0 = T / 10. It says how steeply a policy's regret may still grow, not where it must lie
     * (the slope bounds the growth as t goes to infinity; no level is bounded at finite t).
     */
    private static void addAsymptote(XYChart chart, Report report) {
        long[] checkpoints = report.checkpoints();
        long horizon = checkpoints[checkpoints.length - 1];
        int from = 0;
        while (checkpoints[from] < horizon / 10) {
            from++;
        }
        if (from == checkpoints.length - 1) {
            return;
        }
        Report.PolicySummary best = report.recommended();
        double anchor = best.mean()[from];
        double[] x = new double[checkpoints.length - from];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = checkpoints[from + i];
            y[i] = anchor + report.laiRobbinsSlope() * Math.log(x[i] / checkpoints[from]);
        }
        if (!(anchor > 0)) {
            return;
        }
        XYSeries asymptote = chart.addSeries(String.format(Locale.ROOT, "Lai-Robbins slope %.1f x ln t, from #1 at "
                + "T/10 (a rate, not a bound)", report.laiRobbinsSlope()), x, y);
        asymptote.setLineColor(Color.BLACK);
        asymptote.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        asymptote.setMarker(SeriesMarkers.NONE);
    }

    /** The colour of a policy type, the same in every chart. */
    static Color colour(String type) {
        return TYPE_COLOURS.getOrDefault(type, OTHER);
    }

    /**
     * The policies whose p5-p95 band is drawn: the recommended one, every policy tied with it and at least the
     * runner-up; more bands would hide each other.
     */
    static java.util.Set<String> leaders(Report report) {
        java.util.Set<String> leaders = new java.util.HashSet<>();
        leaders.add(report.recommended().label());
        List<Report.PairedDifference> differences = report.againstRecommended();
        for (int i = 0; i < differences.size(); i++) {
            if (i == 0 || differences.get(i).tied()) {
                leaders.add(differences.get(i).policy().label());
            }
        }
        return leaders;
    }

    /** How many policies of the same type the scenario lists before this one. */
    static int variant(Scenario scenario, Scenario.Contender contender) {
        int variant = 0;
        for (Scenario.Contender c : scenario.policies()) {
            if (c == contender) {
                return variant;
            }
            if (c.policy().type().equals(contender.policy().type())) {
                variant++;
            }
        }
        throw new IllegalArgumentException(contender.label() + " is not a policy of the scenario");
    }

    /**
     * The bottom of the log axis: {@value #DECADES_BELOW} decades below the smallest positive final mean regret,
     * rounded down to a power of ten; 0 (a linear axis) when no policy has any regret.
     */
    static double yFloor(Report report) {
        double smallest = report.policies().stream().mapToDouble(Report.PolicySummary::finalRegret).filter(r -> r > 0)
                .min().orElse(0);
        return smallest <= 0 ? 0 : Math.pow(10, Math.floor(Math.log10(smallest)) - DECADES_BELOW);
    }

    /** The first index whose value can be drawn above the floor; 0 on a linear axis (floor 0). */
    private static int firstAtLeast(double[] values, double floor) {
        int i = 0;
        while (floor > 0 && i < values.length && values[i] < floor) {
            i++;
        }
        return i;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%s", value);
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
