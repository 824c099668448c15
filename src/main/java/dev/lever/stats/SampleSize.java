package dev.lever.stats;

/**
 * Units per arm needed to detect an effect with a two-sided test, by the normal approximation for two independent
 * samples with allocation ratio r = n_challenger / n_control (Chow, Shao &amp; Wang, "Sample Size Calculations in
 * Clinical Research", 2nd ed., 2008, sections 3.2.1 and 4.2.1):
 * <ul>
 *   <li>rates: n_c = (z_{1-alpha/2} + z_{power})^2 (p_1 (1 - p_1) + p_2 (1 - p_2) / r) / delta^2, with
 *       p_1 the baseline rate and p_2 = p_1 + delta;</li>
 *   <li>means: n_c = (z_{1-alpha/2} + z_{power})^2 sigma^2 (1 + 1/r) / delta^2;</li>
 * </ul>
 * and n_t = r n_c, each rounded up.
 *
 * @param control units for the control arm
 * @param challenger units for the challenger arm
 */
public record SampleSize(long control, long challenger) {

    /**
     * For a rate.
     *
     * @param baseline the control's expected rate, in (0, 1)
     * @param effect the minimum detectable effect: absolute (p_2 - p_1) or relative (p_2 / p_1 - 1), not 0
     * @param relative whether {@code effect} is relative
     * @param alpha in (0, 0.5]
     * @param power in (0, 1)
     * @param ratio n_challenger / n_control, > 0
     */
    public static SampleSize forRate(double baseline, double effect, boolean relative, double alpha, double power,
            double ratio) {
        return rate(baseline, effect, relative, alpha, power, ratio, false);
    }

    /**
     * For a rate analysed by the always-valid test of {@link SequentialTest} with its mixing scale tuned to this
     * sample ({@link SequentialTest#tunedTau}): the formula of {@link #forRate} with z_{1-alpha/2} replaced by the
     * mSPRT's threshold multiplier k = {@link SequentialTest#thresholdMultiplier}(alpha). At the planned sample,
     * with V the variance of the difference there, the test rejects once |theta_hat| &gt;= k sqrt(V), so its power
     * at that look is about Phi(delta / sqrt(V) - k); setting it to the target power gives
     * n_c = (k + z_{power})^2 (p_1 (1 - p_1) + p_2 (1 - p_2) / r) / delta^2. Looks before the planned sample only
     * add chances to reject, so the power is at least this.
     *
     * <p>Arguments as for {@link #forRate}.
     */
    public static SampleSize sequentialForRate(double baseline, double effect, boolean relative, double alpha,
            double power, double ratio) {
        return rate(baseline, effect, relative, alpha, power, ratio, true);
    }

    private static SampleSize rate(double baseline, double effect, boolean relative, double alpha, double power,
            double ratio, boolean sequential) {
        InvalidStatisticsArgumentException.requireProbability("baseline", baseline, true, true, 1);
        double delta = absoluteEffect(baseline, effect, relative);
        double target = baseline + delta;
        if (!(target > 0 && target < 1)) {
            throw new InvalidStatisticsArgumentException("minimumDetectableEffect", "must keep the expected rate "
                    + "inside (0, 1); baseline " + baseline + " with this effect gives " + target);
        }
        double z = zSum(alpha, power, sequential);
        checkRatio(ratio);
        double n = z * z * (baseline * (1 - baseline) + target * (1 - target) / ratio) / (delta * delta);
        return of(n, ratio);
    }

    /**
     * For a mean.
     *
     * @param baseline the control's expected mean (for a relative effect)
     * @param standardDeviation the metric's standard deviation, > 0
     * @param effect the minimum detectable effect, absolute or relative to the baseline, not 0
     */
    public static SampleSize forMean(double baseline, double standardDeviation, double effect, boolean relative,
            double alpha, double power, double ratio) {
        return mean(baseline, standardDeviation, effect, relative, alpha, power, ratio, false);
    }

    /**
     * For a mean analysed by the always-valid test with its mixing scale tuned to this sample: the formula of
     * {@link #forMean} with z_{1-alpha/2} replaced by k = {@link SequentialTest#thresholdMultiplier}(alpha), as
     * explained at {@link #sequentialForRate}. Arguments as for {@link #forMean}.
     */
    public static SampleSize sequentialForMean(double baseline, double standardDeviation, double effect,
            boolean relative, double alpha, double power, double ratio) {
        return mean(baseline, standardDeviation, effect, relative, alpha, power, ratio, true);
    }

    private static SampleSize mean(double baseline, double standardDeviation, double effect, boolean relative,
            double alpha, double power, double ratio, boolean sequential) {
        if (!(standardDeviation > 0 && Double.isFinite(standardDeviation))) {
            throw new InvalidStatisticsArgumentException("standardDeviation", "must be a finite number > 0, was "
                    + standardDeviation);
        }
        double delta = absoluteEffect(baseline, effect, relative);
        double z = zSum(alpha, power, sequential);
        checkRatio(ratio);
        double n = z * z * standardDeviation * standardDeviation * (1 + 1 / ratio) / (delta * delta);
        return of(n, ratio);
    }

    private static double absoluteEffect(double baseline, double effect, boolean relative) {
        if (!Double.isFinite(baseline)) {
            throw new InvalidStatisticsArgumentException("baseline", "must be a finite number, was " + baseline);
        }
        double delta = relative ? baseline * effect : effect;
        if (!(Double.isFinite(delta) && delta != 0)) {
            throw new InvalidStatisticsArgumentException("minimumDetectableEffect", "must be a finite number other "
                    + "than 0" + (relative ? " (and the baseline must not be 0)" : "") + ", was " + effect);
        }
        return delta;
    }

    private static double zSum(double alpha, double power, boolean sequential) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        InvalidStatisticsArgumentException.requireProbability("power", power, true, true, 1);
        double threshold = sequential ? SequentialTest.thresholdMultiplier(alpha) : Estimates.z(1 - alpha / 2);
        return threshold + Estimates.z(power);
    }

    private static void checkRatio(double ratio) {
        if (!(ratio > 0 && ratio <= 10_000)) {
            throw new InvalidStatisticsArgumentException("ratio", "must be in (0, 10000], was " + ratio);
        }
    }

    private static SampleSize of(double controlUnits, double ratio) {
        // A hair of tolerance so that an exact integer result is not pushed up by rounding error.
        long control = (long) Math.ceil(controlUnits - 1e-9);
        long challenger = (long) Math.ceil(controlUnits * ratio - 1e-9);
        return new SampleSize(control, challenger);
    }
}
