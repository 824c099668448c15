package dev.lever.store;

import dev.lever.policy.ArmStats;
import dev.lever.stats.UnitMoments;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the fields of an experiment's statistics hash, as the Lua scripts write them (see
 * {@code lua/lib/moments.lua} and {@code lua/lib/decay.lua}), into {@link ExperimentStats}. Arm and metric ids cannot contain a colon, so the
 * field names never collide.
 */
final class StatsCodec {

    /** The prefix of the linear totals' fields; metric ids cannot start with it. */
    static final String LINEAR = "#";

    private StatsCodec() {
    }

    /** Mutable per-arm accumulator while the fields are read in any order. */
    private static final class ArmFields {
        long pulls;
        long units;
        long linearCount;
        final Map<Integer, Double> linearB = new HashMap<>();
        final Map<Integer, Double> linearGram = new HashMap<>();
        final Map<String, double[]> values = new HashMap<>();
        final Map<String, UnitMoments> unitMoments = new HashMap<>();
        final Map<String, ArmStats> discounted = new HashMap<>();

        ArmMoments build() {
            Map<String, MetricMoments> metrics = new HashMap<>();
            for (String metric : union()) {
                double[] v = values.getOrDefault(metric, new double[3]);
                metrics.put(metric, new MetricMoments((long) v[0], v[1], Math.max(0.0, v[2]),
                        unitMoments.getOrDefault(metric, UnitMoments.EMPTY)));
            }
            return new ArmMoments(pulls, units, metrics, discounted);
        }

        private java.util.Set<String> union() {
            java.util.Set<String> all = new java.util.HashSet<>(values.keySet());
            all.addAll(unitMoments.keySet());
            return all;
        }
    }

    static ExperimentStats decode(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return ExperimentStats.EMPTY;
        }
        Map<String, ArmFields> arms = new HashMap<>();
        fields.forEach((name, value) -> {
            String[] parts = name.split(":", 3);
            ArmFields arm = arms.computeIfAbsent(parts[0], a -> new ArmFields());
            if (parts.length > 1 && parts[1].startsWith(LINEAR)) {
                linear(arm, parts, value);
            } else if (parts.length == 2 && parts[1].equals("n")) {
                arm.pulls = Long.parseLong(value);
            } else if (parts.length == 2 && parts[1].equals("units")) {
                arm.units = Long.parseLong(value);
            } else if (parts.length == 2) {
                arm.values.put(parts[1], numbers(value));
            } else if (parts.length == 3 && parts[2].equals("u")) {
                arm.unitMoments.put(parts[1], new PowerSums(numbers(value)).moments());
            } else if (parts.length == 3 && parts[2].equals("d")) {
                arm.discounted.put(parts[1], discounted(numbers(value)));
            }
        });
        Map<String, ArmMoments> built = new HashMap<>();
        Map<String, LinearTotals> linear = new HashMap<>();
        arms.forEach((id, arm) -> {
            if (!id.startsWith(LINEAR)) {
                // The shared model's entry holds linear totals only: it is no arm.
                built.put(id, arm.build());
            }
            if (arm.linearCount > 0) {
                linear.put(id, new LinearTotals(arm.linearCount, arm.linearB, arm.linearGram));
            }
        });
        return new ExperimentStats(built, linear);
    }

    /**
     * A field of the linear totals (see {@code lua/lib/linear.lua}): {@code <arm>:#n}, {@code <arm>:#b:<i>} or
     * {@code <arm>:#g:<i>:<j>}.
     */
    private static void linear(ArmFields arm, String[] parts, String value) {
        switch (parts[1]) {
            case LINEAR + "n" -> arm.linearCount = Long.parseLong(value);
            case LINEAR + "b" -> arm.linearB.put(Integer.parseInt(parts[2]), Double.parseDouble(value));
            case LINEAR + "g" -> {
                String[] cell = parts[2].split(":");
                arm.linearGram.put(LinearTotals.cell(Integer.parseInt(cell[0]), Integer.parseInt(cell[1])),
                        Double.parseDouble(value));
            }
            default -> {
                // A field of a later release: not this one's to read.
            }
        }
    }

    /** Discounted sums {t, pulls, count, sum, sum of squares} as a policy sees them (t aside). */
    static ArmStats discounted(double[] v) {
        return new ArmStats(v[1], v[2], v[3], Math.max(0.0, v[4]));
    }

    private static double[] numbers(String packed) {
        String[] parts = packed.trim().split(" ");
        double[] numbers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = Double.parseDouble(parts[i]);
        }
        return numbers;
    }

    /** A double as the scripts read it back exactly: whole numbers without a fraction, others in full. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
