package dev.lever.store;

import dev.lever.policy.ArmStats;
import dev.lever.stats.UnitMoments;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One experiment's statistics and unit records held in this process, updated exactly as the Lua scripts update
 * Redis (see {@code lua/lib/moments.lua}); the store contract suite checks that both agree. Not thread-safe: the
 * in-memory store holds the experiment's lock around every call.
 */
final class MutableStats {

    private final Map<String, Long> pulls = new HashMap<>();
    private final Map<String, Long> units = new HashMap<>();
    /** Arm to metric to {count, sum, m2}. */
    private final Map<String, Map<String, double[]>> values = new HashMap<>();
    private final Map<String, Map<String, PowerSums>> unitMoments = new HashMap<>();
    private final Map<String, UnitRecord> records = new HashMap<>();
    /** Arm to field ({@code n}, {@code b:i} or {@code g:i:j}, as {@code lua/lib/linear.lua} names them) to total. */
    private final Map<String, Map<String, Double>> linear = new HashMap<>();
    /** The current batch's sums of linear totals, entry to field to sum, until {@link #flushLinear}. */
    private final Map<String, Map<String, Double>> linearBatch = new LinkedHashMap<>();

    /** A unit's record; its arm is null until its first exposure or value. */
    private static final class UnitRecord {
        String arm;
        long exposures;
        /** Metric id to {count, sum, covariate or NaN}. */
        final Map<String, double[]> metrics = new LinkedHashMap<>();

        boolean counted() {
            return exposures > 0 || metrics.values().stream().anyMatch(m -> m[0] > 0);
        }

        double[] metric(String id) {
            return metrics.computeIfAbsent(id, k -> new double[] {0, 0, Double.NaN});
        }

        /** The point {x, y, p} of one metric: x is exposures (binary) or values received (continuous). */
        double[] point(double[] m, boolean binary) {
            return new double[] {binary ? exposures : m[0], m[1], Double.isNaN(m[2]) ? 0 : m[2]};
        }
    }

    void addPulls(String arm, long count) {
        pulls.merge(arm, count, Long::sum);
    }

    /** The decision-level moments with one more value, as the script's add_value updates them. */
    void addValue(String arm, String metric, double value) {
        double[] v = values.computeIfAbsent(arm, a -> new HashMap<>()).computeIfAbsent(metric, m -> new double[3]);
        double before = v[0] > 0 ? v[1] / v[0] : 0;
        v[0] += 1;
        v[1] += value;
        v[2] += (value - before) * (value - v[1] / v[0]);
    }

    /**
     * Adds one more reward r of the features x to the batch's sums of the entry (an arm, or the shared model's), as
     * the script's linear_add does; {@link #flushLinear} adds them to the totals.
     */
    void addLinear(String entry, dev.lever.context.Features x, double r) {
        Map<String, Double> sums = linearBatch.computeIfAbsent(entry, a -> new HashMap<>());
        sums.merge("n", 1.0, Double::sum);
        for (int a = 0; a < x.size(); a++) {
            sums.merge("b:" + x.index(a), r * x.value(a), Double::sum);
            for (int c = a; c < x.size(); c++) {
                sums.merge("g:" + x.index(a) + ":" + x.index(c), x.value(a) * x.value(c), Double::sum);
            }
        }
    }

    /** Adds the batch's sums to the linear totals, each field once, as the script's linear_flush does. */
    void flushLinear() {
        linearBatch.forEach((entry, sums) -> {
            Map<String, Double> totals = linear.computeIfAbsent(entry, a -> new HashMap<>());
            sums.forEach((field, sum) -> totals.merge(field, sum, Double::sum));
        });
        linearBatch.clear();
    }

    void addExposures(String unitKey, String arm, long exposures, Map<String, Double> covariates,
            List<TrackedMetric> metrics) {
        touch(unitKey, arm, metrics, unit -> {
            unit.exposures += exposures;
            setCovariates(unit, covariates);
        });
    }

    void addUnitValues(String unitKey, String arm, Map<String, Double> credited, List<TrackedMetric> metrics) {
        touch(unitKey, arm, metrics, unit -> credited.forEach((metric, value) -> {
            double[] m = unit.metric(metric);
            m[0] += 1;
            m[1] += value;
        }));
    }

    void addCovariates(String unitKey, Map<String, Double> covariates, List<TrackedMetric> metrics) {
        touch(unitKey, null, metrics, unit -> setCovariates(unit, covariates));
    }

    private static void setCovariates(UnitRecord unit, Map<String, Double> covariates) {
        covariates.forEach((metric, value) -> {
            double[] m = unit.metric(metric);
            if (Double.isNaN(m[2])) {
                m[2] = value;
            }
        });
    }

    /** Applies a change to a unit's record, keeping every metric's unit-level moments in step. */
    private void touch(String unitKey, String arm, List<TrackedMetric> metrics, Consumer<UnitRecord> change) {
        UnitRecord unit = records.computeIfAbsent(unitKey, k -> new UnitRecord());
        boolean wasCounted = unit.counted();
        Map<String, double[]> before = new HashMap<>();
        if (wasCounted) {
            for (TrackedMetric metric : metrics) {
                double[] m = unit.metrics.get(metric.id());
                if (m != null) {
                    before.put(metric.id(), unit.point(m, metric.binary()));
                }
            }
        }
        if (unit.arm == null) {
            unit.arm = arm;
        }
        change.accept(unit);
        if (!unit.counted()) {
            return;
        }
        if (!wasCounted) {
            units.merge(unit.arm, 1L, Long::sum);
        }
        Map<String, PowerSums> byMetric = unitMoments.computeIfAbsent(unit.arm, a -> new HashMap<>());
        for (TrackedMetric metric : metrics) {
            double[] old = before.get(metric.id());
            double[] now = unit.point(unit.metric(metric.id()), metric.binary());
            if (!java.util.Arrays.equals(old, now)) {
                byMetric.computeIfAbsent(metric.id(), m -> new PowerSums()).replace(old, now);
            }
        }
    }

    /** The statistics, each arm with its discounted sums by metric from {@code discounted}. */
    ExperimentStats snapshot(Map<String, Map<String, ArmStats>> discounted) {
        Map<String, ArmMoments> arms = new HashMap<>();
        java.util.Set<String> ids = new java.util.HashSet<>(pulls.keySet());
        ids.addAll(values.keySet());
        ids.addAll(unitMoments.keySet());
        for (String arm : ids) {
            Map<String, MetricMoments> metrics = new HashMap<>();
            Map<String, double[]> armValues = values.getOrDefault(arm, Map.of());
            Map<String, PowerSums> armUnits = unitMoments.getOrDefault(arm, Map.of());
            java.util.Set<String> metricIds = new java.util.HashSet<>(armValues.keySet());
            metricIds.addAll(armUnits.keySet());
            for (String metric : metricIds) {
                double[] v = armValues.getOrDefault(metric, new double[3]);
                metrics.put(metric, new MetricMoments((long) v[0], v[1], Math.max(0.0, v[2]),
                        armUnits.containsKey(metric) ? armUnits.get(metric).moments() : UnitMoments.EMPTY));
            }
            arms.put(arm, new ArmMoments(pulls.getOrDefault(arm, 0L), units.getOrDefault(arm, 0L), metrics,
                    discounted.getOrDefault(arm, Map.of())));
        }
        Map<String, LinearTotals> totals = new HashMap<>();
        linear.forEach((arm, fields) -> {
            Map<Integer, Double> b = new HashMap<>();
            Map<Integer, Double> gram = new HashMap<>();
            fields.forEach((field, value) -> {
                String[] parts = field.split(":");
                if (parts[0].equals("b")) {
                    b.put(Integer.parseInt(parts[1]), value);
                } else if (parts[0].equals("g")) {
                    gram.put(LinearTotals.cell(Integer.parseInt(parts[1]), Integer.parseInt(parts[2])), value);
                }
            });
            totals.put(arm, new LinearTotals(fields.get("n").longValue(), b, gram));
        });
        return new ExperimentStats(arms, totals);
    }
}
