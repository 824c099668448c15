package dev.lever.stats;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Always-valid inference by the mixture sequential probability ratio test (mSPRT) of Johari, Koomen, Pekelis &amp;
 * Walsh, "Peeking at A/B Tests: Why It Matters, and What to Do About It" (KDD 2017) and "Always Valid Inference:
 * Continuous Monitoring of A/B Tests" (Operations Research 70(3), 2022).
 *
 * <p>The estimated difference theta_hat = m_t - m_c is treated as N(theta, V) with the plug-in variance
 * V = s_c^2 / n_c + s_t^2 / n_t (their two-sample normal approximation). Mixing the alternative over
 * theta ~ N(theta_0, tau^2) gives the likelihood ratio
 * Lambda = sqrt(V / (V + tau^2)) exp(tau^2 (theta_hat - theta_0)^2 / (2 V (V + tau^2))). Under H0 Lambda is a
 * non-negative martingale, so by Ville's inequality P(Lambda ever reaches 1/alpha) <= alpha: the p-value
 * min(1, 1/Lambda) and the confidence sequence below stay valid however often, and whenever, they are looked at.
 *
 * <p>tau is the scale of effects the test is most sensitive to. Rejecting at Lambda &gt;= 1/alpha means
 * |theta_hat| &gt;= c with c^2 = 2 V f(r), r = tau^2 / V and f(r) = (1 + r) / r (ln(1/alpha) + ln(1 + r) / 2).
 * The ratio r* minimising f depends on alpha alone, so for a test planned to end at a sample where the variance is
 * V_n the threshold there is smallest, and the power largest, with tau^2 = r* V_n ({@link #tunedTau}); the
 * threshold is then |theta_hat| &gt;= k sqrt(V_n) with k = sqrt(2 f(r*)) ({@link #thresholdMultiplier}), which
 * {@link SampleSize#sequentialForRate} uses in place of z_{1-alpha/2}. Choosing tau by habit instead (the planned
 * effect, say) leaves the test's power at the planned sample unknown and usually lower.
 */
public final class SequentialTest {

    private SequentialTest() {
    }

    /**
     * The always-valid two-sided p-value of theta = 0.
     *
     * @param difference theta_hat
     * @param variance V > 0 (0 gives p = 1: no information yet)
     * @param tau the mixing scale, > 0
     */
    public static double pValue(double difference, double variance, double tau) {
        requireTau(tau);
        if (!(variance > 0)) {
            return 1.0;
        }
        double tau2 = tau * tau;
        double logLambda = 0.5 * Math.log(variance / (variance + tau2))
                + tau2 * difference * difference / (2 * variance * (variance + tau2));
        return Math.min(1.0, Math.exp(-logLambda));
    }

    /**
     * The always-valid (1 - alpha) confidence sequence for theta: the theta_0 whose Lambda stays below 1/alpha,
     * theta_hat +/- sqrt(V (V + tau^2) / tau^2 * (2 ln(1/alpha) + ln((V + tau^2) / V))).
     */
    public static Interval confidenceSequence(double difference, double variance, double tau, double alpha) {
        requireTau(tau);
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        if (!(variance > 0)) {
            return new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double tau2 = tau * tau;
        double half = Math.sqrt(variance * (variance + tau2) / tau2
                * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
        return new Interval(difference - half, difference + half);
    }

    private static void requireTau(double tau) {
        if (!(tau > 0 && Double.isFinite(tau))) {
            throw new InvalidStatisticsArgumentException("tau", "must be a finite number > 0, was " + tau);
        }
    }

    /**
     * The mixing scale that makes the test most powerful at a planned sample: tau = sqrt(r* V) with r* the
     * minimiser of f (see the class comment).
     *
     * @param varianceAtPlannedSample V_n, the variance of theta_hat at the planned sample, finite and > 0
     *        (for rates (p_1 (1 - p_1) + p_2 (1 - p_2) / r) / n_c, for means sigma^2 (1 + 1/r) / n_c)
     * @param alpha in (0, 0.5]
     */
    public static double tunedTau(double varianceAtPlannedSample, double alpha) {
        if (!(varianceAtPlannedSample > 0 && Double.isFinite(varianceAtPlannedSample))) {
            throw new InvalidStatisticsArgumentException("varianceAtPlannedSample", "must be a finite number > 0, "
                    + "was " + varianceAtPlannedSample);
        }
        return Math.sqrt(optimalVarianceRatio(alpha) * varianceAtPlannedSample);
    }

    /**
     * k = sqrt(2 f(r*)): with tau tuned to V, the test rejects exactly when |theta_hat| &gt;= k sqrt(V).
     * For alpha = 0.05, k ~ 3.035 (against z_{0.975} ~ 1.960 for one fixed-horizon look).
     *
     * @param alpha in (0, 0.5]
     */
    public static double thresholdMultiplier(double alpha) {
        return Math.sqrt(2 * threshold(optimalVarianceRatio(alpha), alpha));
    }

    /**
     * r* = argmin over r &gt; 0 of f(r) = (1 + r) / r (ln(1/alpha) + ln(1 + r) / 2), found by Brent's method
     * (commons-math3 {@link BrentOptimizer}) over ln r in [-10, 40]: f tends to infinity at both ends and has a
     * single minimum between (about 8.21 for alpha = 0.05).
     */
    static double optimalVarianceRatio(double alpha) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        UnivariateFunction f = logRatio -> threshold(Math.exp(logRatio), alpha);
        double logRatio = new BrentOptimizer(1e-12, 1e-14)
                .optimize(new MaxEval(500), new UnivariateObjectiveFunction(f), GoalType.MINIMIZE,
                        new SearchInterval(-10, 40, 2))
                .getPoint();
        return Math.exp(logRatio);
    }

    private static double threshold(double r, double alpha) {
        return (1 + r) / r * (Math.log(1 / alpha) + Math.log1p(r) / 2);
    }
}
