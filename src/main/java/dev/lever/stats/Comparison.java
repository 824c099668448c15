package dev.lever.stats;

/**
 * A challenger compared with the control on one metric (lift = challenger - control).
 *
 * @param control the control's rate or mean
 * @param challenger the challenger's rate or mean
 * @param absoluteLift challenger - control
 * @param absoluteInterval the confidence interval of the absolute lift
 * @param relativeLift challenger / control - 1, or {@code null} when the control's value is 0
 * @param relativeInterval the confidence interval of the relative lift, or {@code null}
 * @param standardError the standard error of the absolute lift (unpooled)
 * @param statistic the test statistic: z for rates, Welch's t for means
 * @param degreesOfFreedom Welch–Satterthwaite degrees of freedom for means; infinite for the z-test
 * @param pValue the two-sided p-value of "no difference"
 */
public record Comparison(double control, double challenger, double absoluteLift, Interval absoluteInterval,
        Double relativeLift, Interval relativeInterval, double standardError, double statistic,
        double degreesOfFreedom, double pValue) {
}
