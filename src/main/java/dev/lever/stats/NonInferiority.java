package dev.lever.stats;

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
 */
public enum NonInferiority {
    PASS, FAIL, INCONCLUSIVE;

    /**
     * @param harm the interval of the harm (positive = worse)
     * @param margin the accepted harm, >= 0, in the harm's unit
     */
    public static NonInferiority judge(Interval harm, double margin) {
        if (!(margin >= 0 && Double.isFinite(margin))) {
            throw new InvalidStatisticsArgumentException("margin", "must be a finite number >= 0, was " + margin);
        }
        if (harm.upper() < margin) {
            return PASS;
        }
        if (harm.lower() > margin) {
            return FAIL;
        }
        return INCONCLUSIVE;
    }
}
