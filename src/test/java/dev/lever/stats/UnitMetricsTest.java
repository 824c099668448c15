package dev.lever.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Unit-level estimates beyond the SciPy fixtures: degenerate inputs, agreement with decision-level forms. */
class UnitMetricsTest {

    @Test
    void withoutACovariateCupedChangesNothing() {
        List<UnitMoments> arms = List.of(arm(1, 400, 0.1), arm(2, 450, 0.12));
        for (Form form : Form.values()) {
            for (boolean binary : new boolean[] {false, true}) {
                Cuped.Adjustment a = Cuped.adjust(arms, form, binary);
                assertEquals(0.0, a.theta(), 0.0);
                assertEquals(0.0, a.varianceReduction(), 1e-12);
                for (int i = 0; i < arms.size(); i++) {
                    Estimate plain = form == Form.RATIO ? UnitMetrics.ratio(arms.get(i))
                            : UnitMetrics.perUnit(arms.get(i), binary);
                    assertEquals(plain.value(), a.estimates().get(i).value(), 1e-15);
                    assertEquals(plain.variance(), a.estimates().get(i).variance(), 1e-15 * plain.variance());
                    assertEquals(plain.degreesOfFreedom(), a.estimates().get(i).degreesOfFreedom(), 0.0);
                }
            }
        }
    }

    @Test
    void oneExposurePerUnitMakesTheRatioTheConversionRate() {
        // With x = 1 for every unit the ratio is mean(y) and the delta method reduces to s_yy / n.
        UnitMoments m = UnitMoments.EMPTY;
        SplittableRandom rng = new SplittableRandom(5);
        for (int u = 0; u < 1000; u++) {
            m = m.plus(1, rng.nextDouble() < 0.2 ? 1 : 0, 0);
        }
        Estimate ratio = UnitMetrics.ratio(m);
        Estimate perUnit = UnitMetrics.perUnit(m, true);
        assertEquals(perUnit.value(), ratio.value(), 1e-12);
        assertEquals(perUnit.variance(), ratio.variance(), 1e-12 * perUnit.variance());
    }

    @Test
    void decisionLevelEstimates() {
        Estimate rate = UnitMetrics.decisionLevel(Summary.ofRate(1000, 200), true);
        assertEquals(0.2, rate.value(), 1e-15);
        assertEquals(0.2 * 0.8 / 1000, rate.variance(), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, rate.degreesOfFreedom());
        Summary values = Summary.of(3, 5, 4, 8, 6);
        Estimate mean = UnitMetrics.decisionLevel(values);
        assertEquals(5.2, mean.value(), 1e-12);
        assertEquals(values.variance() / 5, mean.variance(), 1e-12);
        assertEquals(4, mean.degreesOfFreedom(), 0.0);
        // The estimate-based comparison reproduces the Welch test.
        Summary other = Summary.of(7, 9, 6, 8, 10, 9);
        Comparison welch = FixedHorizonTests.welch(values, other, 0.05);
        Comparison compared = FixedHorizonTests.compare(mean, UnitMetrics.decisionLevel(other), 0.05);
        assertEquals(welch, compared);
    }

    @Test
    void invalidInputsNameTheirField() {
        UnitMoments one = UnitMoments.EMPTY.plus(1, 1, 0);
        assertEquals("n", field(() -> UnitMetrics.ratio(one)));
        assertEquals("n", field(() -> UnitMetrics.perUnit(one, false)));
        UnitMoments noExposure = UnitMoments.EMPTY.plus(0, 0, 0).plus(0, 0, 0);
        assertEquals("meanX", field(() -> UnitMetrics.ratio(noExposure)));
        assertEquals("arms", field(() -> Cuped.adjust(List.of(), Form.RATIO, false)));
        assertEquals("count", field(() -> UnitMetrics.decisionLevel(Summary.of(1.0))));
        assertEquals("variance", field(() -> new Estimate(1, -1, 10, 9)));
        assertEquals("degreesOfFreedom", field(() -> new Estimate(1, 1, 10, 0)));
    }

    private static UnitMoments arm(long seed, int units, double rate) {
        SplittableRandom rng = new SplittableRandom(seed);
        UnitMoments m = UnitMoments.EMPTY;
        for (int u = 0; u < units; u++) {
            int exposures = 1 + rng.nextInt(5);
            int clicks = 0;
            for (int e = 0; e < exposures; e++) {
                clicks += rng.nextDouble() < rate ? 1 : 0;
            }
            m = m.plus(exposures, clicks, 0);
        }
        return m;
    }

    private static String field(Runnable call) {
        return assertThrows(InvalidStatisticsArgumentException.class, call::run).field();
    }
}
