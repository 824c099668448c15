package dev.lever.stats;

/**
 * One arm's estimate of a metric from its unit-level moments ({@link UnitMoments}), or from decision-level data.
 * The unit (a user) is the independent observation: a user who returns contributes one point (x_u, y_u), so the
 * correlation between the decisions of one user is accounted for, which decision-level variances ignore.
 */
public final class UnitMetrics {

    private UnitMetrics() {
    }

    /**
     * The ratio metric R = mean(y) / mean(x) (for example clicks per exposure) with its delta-method variance
     * (Deng, Knoblich &amp; Lu, "Applying the Delta Method in Metric Analytics: A Practical Guide with Novel Ideas",
     * KDD 2018, section 3; Kohavi, Tang &amp; Xu, "Trustworthy Online Controlled Experiments", 2020, chapter 18):
     * Var(R) = (s_yy - 2 R s_xy + R^2 s_xx) / (n mean(x)^2), where s_ab = C_ab / (n - 1) are the sample
     * (co)variances over units. The reference distribution is normal (degrees of freedom infinite).
     *
     * @param m the arm's unit moments, n >= 2 and mean(x) > 0
     */
    public static Estimate ratio(UnitMoments m) {
        requireUnits(m);
        if (!(m.meanX() > 0)) {
            throw new InvalidStatisticsArgumentException("meanX", "must be > 0 for a ratio metric, was "
                    + m.meanX());
        }
        double r = m.meanY() / m.meanX();
        double variance = ratioLinearComoment(m, r) / (m.n() - 1) / m.n();
        return new Estimate(r, Math.max(0.0, variance), m.n(), Double.POSITIVE_INFINITY);
    }

    /**
     * The mean per unit: for a binary metric the share of units converted, mean(v) with variance s_vv / n; for a
     * continuous one the value per unit (revenue per user), mean(y) with variance s_yy / n. Degrees of freedom
     * n - 1, as for one arm of Welch's test.
     *
     * @param m the arm's unit moments, n >= 2
     * @param binary whether the metric is binary (conversions) rather than continuous
     */
    public static Estimate perUnit(UnitMoments m, boolean binary) {
        requireUnits(m);
        double value = binary ? m.meanV() : m.meanY();
        double comoment = binary ? m.cvv() : m.cyy();
        return new Estimate(value, Math.max(0.0, comoment / (m.n() - 1) / m.n()), m.n(), m.n() - 1);
    }

    /**
     * A decision-level mean (bandit or request-split data, where each decision is treated as independent): the mean
     * with variance s^2 / n and n - 1 degrees of freedom.
     *
     * @param s the values, count >= 2
     */
    public static Estimate decisionLevel(Summary s) {
        return decisionLevel(s, false);
    }

    /**
     * A decision-level estimate: for a rate p of n trials, p with variance p (1 - p) / n and a normal reference
     * (the unpooled Wald variance of the two-proportion test); for a mean, see {@link #decisionLevel(Summary)}.
     *
     * @param s successes and trials (count >= 1) or values (count >= 2)
     * @param rate whether {@code s} is a rate built by {@link Summary#ofRate}
     */
    public static Estimate decisionLevel(Summary s, boolean rate) {
        long n = s.count();
        if (n < (rate ? 1 : 2)) {
            throw new InvalidStatisticsArgumentException("count", "must be >= " + (rate ? 1 : 2) + ", was " + n);
        }
        if (rate) {
            double p = s.mean();
            return new Estimate(p, Math.max(0.0, p * (1 - p) / n), n, Double.POSITIVE_INFINITY);
        }
        return new Estimate(s.mean(), s.variance() / n, n, n - 1);
    }

    /**
     * The co-moment sum_u (L_u - mean L)^2 of the linearised ratio L_u = (y_u - R x_u) / mean(x), whose mean over
     * units estimates the first-order error of R: (C_yy - 2 R C_xy + R^2 C_xx) / mean(x)^2.
     */
    static double ratioLinearComoment(UnitMoments m, double r) {
        return (m.cyy() - 2 * r * m.cxy() + r * r * m.cxx()) / (m.meanX() * m.meanX());
    }

    static void requireUnits(UnitMoments m) {
        if (m.n() < 2) {
            throw new InvalidStatisticsArgumentException("n", "must be >= 2 units, was " + m.n());
        }
    }
}
