package dev.lever.stats;

import java.util.Optional;

/**
 * The stop rule of a guardrail watched continuously: is an arm shown worse than the control by more than the
 * guardrail's margin? Used alike by the service (at each statistics refresh) and by the simulator, so that what a
 * simulation shows is what the service does.
 *
 * <p>The contrast D is the non-inferiority contrast of {@link NonInferiority}: positive exactly when the arm T is
 * within the margin m of the control C, D = T - C + m (absolute, higher is better), C + m - T (absolute, lower is
 * better), T - (1 - m) C or (1 + m) C - T (relative), with Var(D) = Var(T) + w^2 Var(C), w the control's weight.
 * D is judged by the always-valid confidence sequence of the mixture SPRT ({@link SequentialTest}) at two-sided level
 * 2 alpha, so each bound is a one-sided (1 - alpha) bound: the arm fails when the upper bound falls below 0. A
 * confidence sequence covers the true D at every look at once (Johari et al. 2022, by Ville's inequality), so
 * checking after every refresh, and stopping the first time the bound falls below 0, keeps the chance of ever
 * stopping an arm that is within the margin at most alpha (up to the normal approximation of the plug-in variance).
 *
 * <p>The mixing scale tau is a tenth of the control's value (of the pooled standard deviation when that is 0), the
 * scale of harm a guardrail margin is usually stated in; as for any mSPRT, it moves power between small and large
 * effects, never the level.
 *
 * @param margin the accepted harm m, finite and >= 0: a share of the control's value when relative, else in the
 *     metric's unit
 * @param relative whether the margin is relative
 * @param higherIsBetter the metric's good direction
 * @param alpha the one-sided level of a stop, in (0, 0.25]
 * @param minimumObservations the observations each of the two arms needs before it is judged, >= 2
 */
public record GuardrailMonitor(double margin, boolean relative, boolean higherIsBetter, double alpha,
        long minimumObservations) {

    /** The observations per arm below which the normal approximation is not trusted, unless told otherwise. */
    public static final long DEFAULT_MINIMUM_OBSERVATIONS = 30;

    public GuardrailMonitor {
        if (!(margin >= 0 && Double.isFinite(margin))) {
            throw new InvalidStatisticsArgumentException("margin", "must be a finite number >= 0, was " + margin);
        }
        if (!(alpha > 0 && alpha <= 0.25)) {
            throw new InvalidStatisticsArgumentException("alpha", "must be in (0, 0.25], was " + alpha);
        }
        if (minimumObservations < 2) {
            throw new InvalidStatisticsArgumentException("minimumObservations", "must be >= 2, was "
                    + minimumObservations);
        }
    }

    /**
     * One look at an arm against the control.
     *
     * @param contrast D, the estimate: how far within the margin the arm is (negative: beyond it), in the metric's
     *     unit
     * @param interval D's always-valid interval; its upper bound below 0 shows the arm worse than the margin
     * @param failed whether the arm is shown worse than the margin
     */
    public record Look(double contrast, Interval interval, boolean failed) {
    }

    /**
     * The look at {@code arm} against {@code control}, or empty while either has fewer than
     * {@link #minimumObservations} observations.
     */
    public Optional<Look> look(Estimate control, Estimate arm) {
        if (control == null || arm == null || control.units() < minimumObservations
                || arm.units() < minimumObservations) {
            return Optional.empty();
        }
        if (relative && higherIsBetter && margin >= 1) {
            // A harm of 100% or more accepts any arm.
            return Optional.of(new Look(arm.value(), new Interval(0, Double.POSITIVE_INFINITY), false));
        }
        double w = relative ? (higherIsBetter ? 1 - margin : 1 + margin) : 1;
        double shift = relative ? 0 : margin;
        double d = higherIsBetter ? arm.value() - w * control.value() + shift
                : w * control.value() + shift - arm.value();
        double variance = arm.variance() + w * w * control.variance();
        Interval cs = SequentialTest.confidenceSequence(d, variance, tau(control, arm), 2 * alpha);
        return Optional.of(new Look(d, cs, cs.upper() < 0));
    }

    /**
     * The level of each arm's stop when {@code arms} arms (the control among them) are watched: alpha split among
     * the arms other than the control (Bonferroni), so that the chance of any false stop stays at most alpha; capped
     * at 0.25.
     *
     * @param alpha the experiment's level, in (0, 0.5]
     * @param arms every arm of the experiment, active or not, >= 1: counting them all keeps the level from rising as
     *     arms are stopped
     */
    public static double levelPerArm(double alpha, int arms) {
        InvalidStatisticsArgumentException.requireAlpha(alpha);
        return Math.min(0.25, alpha / Math.max(1, arms - 1));
    }

    /** The mixing scale: a tenth of the control's value, or of the pooled standard deviation when that is 0. */
    public static double tau(Estimate control, Estimate arm) {
        double scale = Math.abs(control.value());
        if (scale == 0) {
            scale = Math.sqrt((control.variance() * control.units() + arm.variance() * arm.units()) / 2);
        }
        return scale > 0 ? 0.1 * scale : 1e-6;
    }
}
