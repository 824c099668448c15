package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Relative guardrail margins tested on the contrast D = T - (1 - m) C (higher is better) or (1 + m) C - T (lower
 * is better), whose variance carries the control's uncertainty, against the former approach that turned m into the
 * absolute margin m C_hat as if C_hat were known.
 */
class GuardrailMarginTest {

    private static final double ALPHA = 0.05;
    private static final double Z = new NormalDistribution().inverseCumulativeProbability(1 - ALPHA);

    @Test
    void justInsideAndJustOutsideARelativeMargin() {
        // Click-through 0.100 in the control; a 5% relative margin allows the challenger down to 0.095.
        Estimate control = normal(0.100, 1e-8);
        assertEquals(NonInferiority.PASS, judge(control, normal(0.0955, 1e-8), 0.05, true));
        assertEquals(NonInferiority.FAIL, judge(control, normal(0.0945, 1e-8), 0.05, true));
        assertEquals(NonInferiority.INCONCLUSIVE, judge(control, normal(0.0951, 1e-8), 0.05, true));
        // Latency 250 ms; a 5% margin allows up to 262.5 ms.
        Estimate latency = new Estimate(250, 0.04, 10_000, 9_999);
        assertEquals(NonInferiority.PASS, judge(latency, new Estimate(262.0, 0.04, 10_000, 9_999), 0.05, false));
        assertEquals(NonInferiority.FAIL, judge(latency, new Estimate(263.0, 0.04, 10_000, 9_999), 0.05, false));
        assertEquals(NonInferiority.INCONCLUSIVE,
                judge(latency, new Estimate(262.4, 0.04, 10_000, 9_999), 0.05, false));
    }

    @Test
    void theContrastFollowsItsFormula() {
        Estimate c = normal(250, 16);
        Estimate t = normal(255.6, 1);
        Interval d = NonInferiority.relativeContrast(c, t, 0.05, false, ALPHA);
        double centre = 1.05 * 250 - 255.6;
        double se = Math.sqrt(1 + 1.05 * 1.05 * 16);
        assertEquals(centre - Z * se, d.lower(), 1e-9);
        assertEquals(centre + Z * se, d.upper(), 1e-9);
    }

    @Test
    void aBorderlineCaseTheKnownConstantApproachPassedIsInconclusive() {
        // Lower is better, margin 5%: the control is noisy (Var 16), the challenger precise (Var 1), T - C = 5.6.
        Estimate c = normal(250, 16);
        Estimate t = normal(255.6, 1);
        // Old: harm interval (T - C) +/- z sqrt(Var C + Var T) = 5.6 +/- 6.78 against the margin 0.05 * 250 = 12.5.
        assertEquals(NonInferiority.PASS, oldJudge(c, t, 0.05, false));
        // New: Var(D) = 1 + 1.05^2 * 16 > 1 + 16, so the lower bound 12.5 - 5.6 - 7.10 < 0.
        assertEquals(NonInferiority.INCONCLUSIVE, NonInferiority.judgeRelative(c, t, 0.05, false, ALPHA));

        // Higher is better the other way round: Var(D) = Var T + 0.95^2 Var C < Var T + Var C, so the old approach
        // was conservative. Margin 5% of C = 100 (Var 16), T = 101.6: the old upper harm -1.6 + 6.78 > 5, while
        // the contrast's lower bound 101.6 - 95 - z sqrt(1 + 0.95^2 16) = 6.6 - 6.46 > 0.
        Estimate c2 = normal(100, 16);
        Estimate t2 = normal(101.6, 1);
        assertEquals(NonInferiority.INCONCLUSIVE, oldJudge(c2, t2, 0.05, true));
        assertEquals(NonInferiority.PASS, NonInferiority.judgeRelative(c2, t2, 0.05, true, ALPHA));
    }

    @Test
    void atTheMarginTheContrastPassesAtMostAlphaWhereTheOldApproachDidNot() {
        // True T exactly at (1 + m) C with m = 20%, latency-like: the chance of PASS must be <= alpha.
        SplittableRandom rng = new SplittableRandom(7);
        NormalDistribution std = new NormalDistribution(null, 0, 1);
        int draws = 20_000;
        int oldPasses = 0;
        int newPasses = 0;
        for (int i = 0; i < draws; i++) {
            double ch = 250 + 4 * std.inverseCumulativeProbability(uniform(rng));
            double th = 300 + std.inverseCumulativeProbability(uniform(rng));
            Estimate c = normal(ch, 16);
            Estimate t = normal(th, 1);
            oldPasses += oldJudge(c, t, 0.2, false) == NonInferiority.PASS ? 1 : 0;
            newPasses += NonInferiority.judgeRelative(c, t, 0.2, false, ALPHA) == NonInferiority.PASS ? 1 : 0;
        }
        double bound = ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / draws);
        double oldRate = (double) oldPasses / draws;
        double newRate = (double) newPasses / draws;
        // Old: P(PASS) = Phi(-z sqrt(17) / sqrt(1 + 1.2^2 16)) = Phi(-1.383) ~ 0.083.
        assertTrue(newRate <= bound, "contrast passes at the margin with rate " + newRate);
        assertTrue(oldRate > bound, "the known-constant approach was expected to exceed alpha, was " + oldRate);
    }

    @Test
    void absoluteContrastAgreesWithTheHarmIntervalOfTwoProportions() {
        Summary c = Summary.ofRate(5000, 600);
        Summary t = Summary.ofRate(5000, 570);
        for (double margin : new double[] {0.0, 0.005, 0.01, 0.02, 0.03}) {
            Interval lift = FixedHorizonTests.twoProportions(c, t, 2 * ALPHA).absoluteInterval();
            NonInferiority old = NonInferiority.judge(new Interval(-lift.upper(), -lift.lower()), margin);
            assertEquals(old, NonInferiority.judgeAbsolute(UnitMetrics.decisionLevel(c, true),
                    UnitMetrics.decisionLevel(t, true), margin, true, ALPHA), "margin " + margin);
        }
    }

    @Test
    void invalidMarginsNameTheirField() {
        Estimate e = normal(1, 1);
        assertEquals("margin", assertThrows(InvalidStatisticsArgumentException.class,
                () -> NonInferiority.judgeRelative(e, e, 1.0, true, ALPHA)).field());
        assertEquals("margin", assertThrows(InvalidStatisticsArgumentException.class,
                () -> NonInferiority.judgeAbsolute(e, e, -0.1, true, ALPHA)).field());
        assertEquals("alpha", assertThrows(InvalidStatisticsArgumentException.class,
                () -> NonInferiority.judgeRelative(e, e, 0.1, false, 0.7)).field());
    }

    private static NonInferiority judge(Estimate c, Estimate t, double margin, boolean higherIsBetter) {
        return NonInferiority.judgeRelative(c, t, margin, higherIsBetter, ALPHA);
    }

    /** The former approach: the (1 - 2 alpha) interval of the harm against m |C_hat| taken as known. */
    private static NonInferiority oldJudge(Estimate c, Estimate t, double margin, boolean higherIsBetter) {
        double harm = higherIsBetter ? c.value() - t.value() : t.value() - c.value();
        double half = Z * Math.sqrt(c.variance() + t.variance());
        return NonInferiority.judge(new Interval(harm - half, harm + half), margin * Math.abs(c.value()));
    }

    private static Estimate normal(double value, double variance) {
        return new Estimate(value, variance, 1_000, Double.POSITIVE_INFINITY);
    }

    private static double uniform(SplittableRandom rng) {
        return (rng.nextLong(1L << 53) + 0.5) / (1L << 53);
    }
}
