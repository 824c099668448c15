package dev.lever.store;

import dev.lever.policy.ArmStats;
import java.util.HashMap;
import java.util.Map;

/**
 * One experiment's discounted sums held in this process, decayed exactly as {@code lua/lib/decay.lua} decays them in
 * Redis: per arm and metric {t, pulls, count, sum, sum of squares}, brought to the current time (in microseconds)
 * whenever touched. Not thread-safe: the in-memory store holds the experiment's lock around every call.
 */
final class DecayedSums {

    /** Arm to metric to {t, n, c, s, q}. */
    private final Map<String, Map<String, double[]>> sums = new HashMap<>();

    /** Adds {@code count} pulls of {@code arm} at {@code nowMicros}. */
    void addPulls(Decay decay, long nowMicros, String arm, long count) {
        touched(decay, nowMicros, arm)[1] += count;
    }

    /** Adds one value of {@code metric} to {@code arm} at {@code nowMicros}, if it is the discounted metric. */
    void addValue(Decay decay, long nowMicros, String arm, String metric, double value) {
        if (metric.equals(decay.metric())) {
            double[] v = touched(decay, nowMicros, arm);
            v[2] += 1;
            v[3] += value;
            v[4] += value * value;
        }
    }

    private double[] touched(Decay decay, long nowMicros, String arm) {
        double[] v = sums.computeIfAbsent(arm, a -> new HashMap<>()).get(decay.metric());
        if (v == null) {
            v = new double[] {nowMicros, 0, 0, 0, 0};
            sums.get(arm).put(decay.metric(), v);
        }
        decayTo(v, decay, nowMicros);
        return v;
    }

    /** As the script's decay_to_now: a sum whose time is ahead of now is kept as it is. */
    private static void decayTo(double[] v, Decay decay, long nowMicros) {
        double elapsedSeconds = (nowMicros - v[0]) / 1_000_000;
        if (elapsedSeconds > 0) {
            double factor = decay.discount().factor(elapsedSeconds);
            for (int k = 1; k < 5; k++) {
                v[k] *= factor;
            }
            v[0] = nowMicros;
        }
    }

    /**
     * Every arm's discounted statistics by metric, decayed to {@code nowMicros} with {@code decay}'s half-life, or as
     * last written when {@code decay} is {@code null} (a policy that no longer discounts), as a read of Redis sees them.
     */
    Map<String, Map<String, ArmStats>> read(Decay decay, long nowMicros) {
        Map<String, Map<String, ArmStats>> read = new HashMap<>();
        sums.forEach((arm, byMetric) -> byMetric.forEach((metric, stored) -> {
            double[] v = stored.clone();
            if (decay != null) {
                decayTo(v, decay, nowMicros);
            }
            read.computeIfAbsent(arm, a -> new HashMap<>()).put(metric, StatsCodec.discounted(v));
        }));
        return read;
    }
}
