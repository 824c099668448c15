package dev.lever.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/** Confidence intervals for one arm's rate or mean. */
public final class Estimates {

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private Estimates() {
    }

    /** The standard normal quantile z_p. */
    static double z(double p) {
        return NORMAL.inverseCumulativeProbability(p);
    }

    /**
     * The Wilson score interval for a binomial proportion (Wilson, "Probable Inference, the Law of Succession, and
     * Statistical Inference", JASA 22, 1927): with p = x / n and z = z_{1 - alpha/2},
     * (p + z^2 / 2n +/- z sqrt(p (1 - p) / n + z^2 / 4n^2)) / (1 + z^2 / n).
     * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage for small n and extreme p.
     *
     * @param rate successes and trials (n >= 1)
     * @param alpha in (0, 0.5]: the interval has confidence 1 - alpha
     */
    public static Interval wilson(Summary rate, double alpha) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        long n = rate.count();
        if (n == 0) {
            return new Interval(0.0, 1.0);
        }
        double p = rate.mean();
        double z = z(1 - alpha / 2);
        double z2 = z * z;
        double centre = p + z2 / (2.0 * n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        double scale = 1 + z2 / n;
        return new Interval(Math.max(0.0, (centre - half) / scale), Math.min(1.0, (centre + half) / scale));
    }

    /**
     * The t interval for a mean: mean +/- t_{n-1, 1 - alpha/2} s / sqrt(n). Needs n >= 2; with fewer observations
     * the interval is unbounded.
     */
    public static Interval meanT(Summary values, double alpha) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        long n = values.count();
        if (n < 2) {
            return new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - alpha / 2);
        double half = t * Math.sqrt(values.variance() / n);
        return new Interval(values.mean() - half, values.mean() + half);
    }
}
