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
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes a report as a terminal table, CSV files and a regret chart (PNG and SVG, drawn with XChart). */
public final class ReportWriter {

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};

    private ReportWriter() {
    }

    /** The ranked table, best policy first, with the recommendation. */
    public static void printTable(Report report, PrintStream out) {
        Scenario s = report.scenario();
        out.printf(Locale.ROOT, "%s: %d arms, T = %,d, %d repetitions, seed %d%s%s%n", s.name(), s.arms().size(),
                s.horizon(), s.repetitions(), s.seed(), s.delay() > 0 ? ", rewards delayed " + s.delay() + " steps"
                        : "", s.batch() > 1 ? ", statistics refreshed every " + s.batch() + " steps" : "");
        if (!s.description().isEmpty()) {
            out.println(s.description());
        }
        int width = Math.max(6, report.policies().stream().mapToInt(p -> p.label().length()).max().orElse(6));
        String header = String.format(Locale.ROOT, "%4s  %-" + width + "s  %12s  %12s  %12s  %9s  %14s", "rank",
                "policy", "regret", "p5", "p95", "best arm", "total reward");
        out.println(header);
        out.println("-".repeat(header.length()));
        int rank = 1;
        for (Report.PolicySummary p : report.policies()) {
            int last = p.mean().length - 1;
            out.printf(Locale.ROOT, "%4d  %-" + width + "s  %12.1f  %12.1f  %12.1f  %8.1f%%  %14.1f%n", rank++,
                    p.label(), p.mean()[last], p.p5()[last], p.p95()[last], 100 * p.bestArmShare(), p.meanReward());
        }
        if (report.laiRobbins() != null) {
            out.printf(Locale.ROOT, "Lai-Robbins lower bound at T: %.1f (slope %.2f per unit of ln t)%n",
                    report.laiRobbins()[report.laiRobbins().length - 1], report.laiRobbinsSlope());
        }
        Report.PolicySummary best = report.recommended();
        out.printf(Locale.ROOT, "Recommended: %s (lowest mean cumulative regret at T = %,d)%n", best.label(),
                s.horizon());
        report.policies().stream().filter(p -> p.type().equals("fixed-split")).findFirst().ifPresent(ab ->
                out.printf(Locale.ROOT, "An A/B test (%s) pays %.1f regret over T, %.1f more than %s.%n", ab.label(),
                        ab.finalRegret(), ab.finalRegret() - best.finalRegret(), best.label()));
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
                + "total_reward_mean\n");
        int rank = 1;
        for (Report.PolicySummary p : report.policies()) {
            int last = p.mean().length - 1;
            csv.append(String.format(Locale.ROOT, "%d,%s,%s,%.6f,%.6f,%.6f,%.6f,%.6f%n", rank++, quote(p.label()),
                    p.type(), p.mean()[last], p.p5()[last], p.p95()[last], p.bestArmShare(), p.meanReward()));
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
                csv.append(String.format(Locale.ROOT, "lai-robbins-bound,%d,%.6f,,%n", report.checkpoints()[c],
                        report.laiRobbins()[c]));
            }
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    /** Regret against t on a log axis: each policy's mean as a line over its p5–p95 band. */
    static XYChart chart(Report report) {
        Scenario s = report.scenario();
        XYChart chart = new XYChartBuilder().width(1000).height(620)
                .title(s.name() + ": cumulative regret (mean, band p5-p95 over " + s.repetitions() + " runs)")
                .xAxisTitle("decisions t (log scale)").yAxisTitle("cumulative pseudo-regret").build();
        Styler styler = chart.getStyler();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setMarkerSize(0);
        styler.setAntiAlias(true);
        double[] x = new double[report.checkpoints().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = report.checkpoints()[i];
        }
        int i = 0;
        for (Report.PolicySummary p : report.policies()) {
            Color color = PALETTE[i++ % PALETTE.length];
            double[] bandX = new double[2 * x.length];
            double[] bandY = new double[2 * x.length];
            for (int c = 0; c < x.length; c++) {
                bandX[c] = x[c];
                bandY[c] = p.p95()[c];
                bandX[2 * x.length - 1 - c] = x[c];
                bandY[2 * x.length - 1 - c] = p.p5()[c];
            }
            XYSeries band = chart.addSeries(p.label() + " p5-p95", bandX, bandY);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 40));
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
            XYSeries line = chart.addSeries(p.label(), x, p.mean());
            line.setLineColor(color);
            line.setLineStyle(new BasicStroke(2f));
            line.setMarker(SeriesMarkers.NONE);
        }
        if (report.laiRobbins() != null) {
            XYSeries bound = chart.addSeries("Lai-Robbins lower bound", x, report.laiRobbins());
            bound.setLineColor(Color.BLACK);
            bound.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            bound.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
