package dev.lever.stats;

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
 * <p>tau is the scale of effects the test is most sensitive to; Johari et al. recommend matching it to the
 * effects one expects. Lever uses the planned minimum detectable effect when there is one.
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
}
