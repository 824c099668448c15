package dev.lever.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Tests of a challenger against the control at a sample size fixed in advance. Their p-values are valid once, at
 * the planned sample; looked at repeatedly they overstate significance (use {@link SequentialTest} then).
 */
public final class FixedHorizonTests {

    private FixedHorizonTests() {
    }

    /**
     * Two-proportion z-test with pooled variance: z = (p_t - p_c) / sqrt(p (1 - p) (1/n_c + 1/n_t)) with
     * p = (x_c + x_t) / (n_c + n_t), two-sided p = 2 (1 - Phi(|z|)). The interval of the difference is the unpooled
     * Wald interval (p_t - p_c) +/- z_{1 - alpha/2} sqrt(p_c (1 - p_c) / n_c + p_t (1 - p_t) / n_t)
     * (Agresti, "Categorical Data Analysis", 3rd ed., sections 3.1.2 and 3.1.4).
     *
     * @param control successes and trials of the control, n >= 1
     * @param challenger successes and trials of the challenger, n >= 1
     * @param alpha in (0, 0.5]: intervals have confidence 1 - alpha
     */
    public static Comparison twoProportions(Summary control, Summary challenger, double alpha) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        requireObservations(control, challenger, 1);
        double nc = control.count();
        double nt = challenger.count();
        double pc = control.mean();
        double pt = challenger.mean();
        double pooled = (control.sum() + challenger.sum()) / (nc + nt);
        double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt));
        double z = pooledSe == 0 ? 0.0 : (pt - pc) / pooledSe;
        double p = pooledSe == 0 ? 1.0 : 2 * (1 - normalCdf(Math.abs(z)));
        double varC = pc * (1 - pc) / nc;
        double varT = pt * (1 - pt) / nt;
        return compare(pc, pt, varC, varT, Estimates.z(1 - alpha / 2), z, Double.POSITIVE_INFINITY, p);
    }

    /**
     * Welch's unequal-variances t-test: t = (m_t - m_c) / sqrt(s_c^2 / n_c + s_t^2 / n_t) with the
     * Welch–Satterthwaite degrees of freedom (s_c^2/n_c + s_t^2/n_t)^2 / ((s_c^2/n_c)^2/(n_c - 1)
     * + (s_t^2/n_t)^2/(n_t - 1)) (Welch, Biometrika 34, 1947). The interval of the difference uses the same
     * t quantile.
     *
     * @param control the control's values, n >= 2
     * @param challenger the challenger's values, n >= 2
     * @param alpha in (0, 0.5]
     */
    public static Comparison welch(Summary control, Summary challenger, double alpha) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        requireObservations(control, challenger, 2);
        return compare(UnitMetrics.decisionLevel(control), UnitMetrics.decisionLevel(challenger), alpha);
    }

    /**
     * Compares two independent estimates, each with its own variance: the difference d = v_t - v_c with standard
     * error se = sqrt(Var_c + Var_t) and statistic d / se. When both estimates carry finite degrees of freedom
     * df_c and df_t (a mean per unit: units - 1) the reference is Student's t with the Welch–Satterthwaite degrees
     * of freedom (Var_c + Var_t)^2 / (Var_c^2 / df_c + Var_t^2 / df_t) (Satterthwaite, Biometrics Bulletin 2(6),
     * 1946; Welch, Biometrika 34, 1947); otherwise (ratio metrics by the delta method, rates) it is the standard
     * normal. The p-value is two-sided; the absolute interval is d +/- q_{1 - alpha/2} se and the relative lift
     * v_t / v_c - 1 gets the delta-method interval described at {@link #twoProportions}.
     *
     * @param control the control's estimate
     * @param challenger the challenger's estimate
     * @param alpha in (0, 0.5]: intervals have confidence 1 - alpha
     */
    public static Comparison compare(Estimate control, Estimate challenger, double alpha) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        double varC = control.variance();
        double varT = challenger.variance();
        double se = Math.sqrt(varC + varT);
        double diff = challenger.value() - control.value();
        if (se == 0) {
            return compare(control.value(), challenger.value(), 0, 0, 0, 0, Double.POSITIVE_INFINITY,
                    diff == 0 ? 1.0 : 0.0);
        }
        double df = welchSatterthwaite(varC, control.degreesOfFreedom(), varT, challenger.degreesOfFreedom());
        double statistic = diff / se;
        if (Double.isInfinite(df)) {
            double p = 2 * normalCdf(-Math.abs(statistic));
            return compare(control.value(), challenger.value(), varC, varT, Estimates.z(1 - alpha / 2), statistic,
                    df, p);
        }
        TDistribution t = new TDistribution(null, df);
        double p = 2 * t.cumulativeProbability(-Math.abs(statistic));
        return compare(control.value(), challenger.value(), varC, varT, t.inverseCumulativeProbability(1 - alpha / 2),
                statistic, df, p);
    }

    /**
     * Welch–Satterthwaite degrees of freedom of a sum of two independent variance estimates a and b with degrees of
     * freedom dfA and dfB: (a + b)^2 / (a^2 / dfA + b^2 / dfB); infinite when either is infinite or both are 0.
     */
    static double welchSatterthwaite(double a, double dfA, double b, double dfB) {
        if (Double.isInfinite(dfA) || Double.isInfinite(dfB)) {
            return Double.POSITIVE_INFINITY;
        }
        double denominator = a * a / dfA + b * b / dfB;
        return denominator > 0 ? (a + b) * (a + b) / denominator : Double.POSITIVE_INFINITY;
    }

    /**
     * Assembles a comparison. The relative lift's interval uses the delta method for the ratio of independent
     * means: Var(m_t / m_c) ~ Var(m_t) / m_c^2 + m_t^2 Var(m_c) / m_c^4 (Kohavi, Tang &amp; Xu, "Trustworthy
     * Online Controlled Experiments", 2020, section 18.4).
     */
    private static Comparison compare(double control, double challenger, double varControl, double varChallenger,
            double quantile, double statistic, double df, double p) {
        double diff = challenger - control;
        double se = Math.sqrt(varControl + varChallenger);
        Interval absolute = new Interval(diff - quantile * se, diff + quantile * se);
        Double relative = null;
        Interval relativeInterval = null;
        if (control != 0) {
            relative = challenger / control - 1;
            double relSe = Math.sqrt(varChallenger / (control * control)
                    + challenger * challenger * varControl / Math.pow(control, 4));
            relativeInterval = new Interval(relative - quantile * relSe, relative + quantile * relSe);
        }
        return new Comparison(control, challenger, diff, absolute, relative, relativeInterval, se, statistic, df, p);
    }

    private static double normalCdf(double x) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
    }

    private static void requireObservations(Summary control, Summary challenger, long min) {
        if (control.count() < min || challenger.count() < min) {
            throw new InvalidStatisticsArgumentException("count", "must be >= " + min + " for both arms, were "
                    + control.count() + " and " + challenger.count());
        }
    }
}
