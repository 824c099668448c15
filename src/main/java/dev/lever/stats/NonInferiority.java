package dev.lever.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The verdict on a guardrail metric by a non-inferiority test (Kohavi, Tang &amp; Xu, "Trustworthy Online
 * Controlled Experiments", 2020, chapter 21). Let harm be how much worse the challenger is than the control in the
 * metric's bad direction, and margin the largest harm the team accepts. With a two-sided (1 - 2 alpha) interval of
 * the harm, whose each bound is a one-sided (1 - alpha) bound:
 * <ul>
 *   <li>PASS: the upper bound is below the margin, so harm &lt; margin is shown at level alpha;</li>
 *   <li>FAIL: the lower bound is above the margin, so harm &gt; margin is shown at level alpha;</li>
 *   <li>INCONCLUSIVE: otherwise; more data is needed.</li>
 * </ul>
 *
 * <p>From two arms' {@link Estimate}s the same verdict is reached on a contrast D that is positive exactly when the
 * challenger is within the margin ({@link #relativeContrast}, {@link #absoluteContrast}): PASS when the lower bound
 * of D's (1 - 2 alpha) interval is above 0, FAIL when its upper bound is below 0, INCONCLUSIVE otherwise.
 */
public enum NonInferiority {
    PASS, FAIL, INCONCLUSIVE;

    /**
     * @param harm the interval of the harm (positive = worse)
     * @param margin the accepted harm, >= 0, in the harm's unit
     */
    public static NonInferiority judge(Interval harm, double margin) {
        requireMargin(margin);
        if (harm.upper() < margin) {
            return PASS;
        }
        if (harm.lower() > margin) {
            return FAIL;
        }
        return INCONCLUSIVE;
    }

    /**
     * The verdict on a margin relative to the control's value, testing the contrast of {@link #relativeContrast}:
     * the margin's scale is the control's estimate, itself uncertain, and the contrast carries that uncertainty
     * instead of treating m C_hat as a known constant.
     *
     * @param control the control's estimate
     * @param challenger the challenger's estimate
     * @param margin the accepted relative harm m, in [0, 1) when higher is better, finite and >= 0 otherwise
     * @param higherIsBetter the metric's good direction
     * @param alpha the one-sided level of each verdict, in (0, 0.5]
     */
    public static NonInferiority judgeRelative(Estimate control, Estimate challenger, double margin,
            boolean higherIsBetter, double alpha) {
        return judge(relativeContrast(control, challenger, margin, higherIsBetter, alpha));
    }

    /**
     * The verdict on an absolute margin, testing the contrast of {@link #absoluteContrast}.
     *
     * @param margin the accepted harm, finite and >= 0, in the metric's unit
     */
    public static NonInferiority judgeAbsolute(Estimate control, Estimate challenger, double margin,
            boolean higherIsBetter, double alpha) {
        return judge(absoluteContrast(control, challenger, margin, higherIsBetter, alpha));
    }

    /**
     * The (1 - 2 alpha) interval of the contrast for a relative margin m, positive when the challenger T is within
     * the margin of the control C: D = T - (1 - m) C when higher is better (T &gt; (1 - m) C), D = (1 + m) C - T
     * when lower is better (T &lt; (1 + m) C). With independent arms Var(D) = Var(T) + (1 -/+ m)^2 Var(C), the
     * variance of a linear combination: testing T / C against 1 -/+ m through a linear contrast, as in Fieller's
     * treatment of ratios (Fieller, "Some Problems in Interval Estimation", JRSS B 16(2), 1954), so the ratio's
     * denominator never has to be treated as known. The interval is
     * D +/- q_{1 - alpha} sqrt(Var(D)), q normal, or Student's t with Welch–Satterthwaite degrees of freedom
     * Var(D)^2 / (Var(T)^2 / df_T + ((1 -/+ m)^2 Var(C))^2 / df_C) when both estimates carry finite degrees of
     * freedom; each of its bounds is a one-sided (1 - alpha) bound.
     *
     * @param margin m, in [0, 1) when higher is better, finite and >= 0 otherwise
     * @param alpha in (0, 0.5]
     */
    public static Interval relativeContrast(Estimate control, Estimate challenger, double margin,
            boolean higherIsBetter, double alpha) {
        requireMargin(margin);
        if (higherIsBetter && !(margin < 1)) {
            throw new InvalidStatisticsArgumentException("margin", "must be < 1 for a relative margin when higher is "
                    + "better (a harm of 100% or more accepts anything), was " + margin);
        }
        double weight = higherIsBetter ? 1 - margin : 1 + margin;
        double d = higherIsBetter ? challenger.value() - weight * control.value()
                : weight * control.value() - challenger.value();
        return interval(d, control, weight, challenger, alpha);
    }

    /**
     * The (1 - 2 alpha) interval of the contrast for an absolute margin m, positive when the challenger is within
     * the margin: D = T - C + m when higher is better, D = C + m - T when lower is better, with
     * Var(D) = Var(T) + Var(C) and the quantile chosen as in {@link #relativeContrast}.
     *
     * @param margin m, finite and >= 0, in the metric's unit
     * @param alpha in (0, 0.5]
     */
    public static Interval absoluteContrast(Estimate control, Estimate challenger, double margin,
            boolean higherIsBetter, double alpha) {
        requireMargin(margin);
        double d = higherIsBetter ? challenger.value() - control.value() + margin
                : control.value() + margin - challenger.value();
        return interval(d, control, 1, challenger, alpha);
    }

    private static Interval interval(double d, Estimate control, double weight, Estimate challenger, double alpha) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        double varC = weight * weight * control.variance();
        double varT = challenger.variance();
        double se = Math.sqrt(varC + varT);
        double df = FixedHorizonTests.welchSatterthwaite(varC, control.degreesOfFreedom(), varT,
                challenger.degreesOfFreedom());
        double q = Double.isInfinite(df) ? Estimates.z(1 - alpha)
                : new TDistribution(null, df).inverseCumulativeProbability(1 - alpha);
        return new Interval(d - q * se, d + q * se);
    }

    private static NonInferiority judge(Interval contrast) {
        if (contrast.lower() > 0) {
            return PASS;
        }
        if (contrast.upper() < 0) {
            return FAIL;
        }
        return INCONCLUSIVE;
    }

    private static void requireMargin(double margin) {
        if (!(margin >= 0 && Double.isFinite(margin))) {
            throw new InvalidStatisticsArgumentException("margin", "must be a finite number >= 0, was " + margin);
        }
    }
}
