package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hand-written samplers draw from the distributions commons-math3 defines (Kolmogorov–Smirnov tests). */
class GammaSamplerTest {

    private static final int DRAWS = 20_000;

    @ParameterizedTest
    @CsvSource({"0.3", "1.0", "2.5", "41.0", "5000.0"})
    void gammaDrawsFollowTheGammaDistribution(double shape) {
        SplittableRng rng = new SplittableRng(Double.doubleToLongBits(shape));
        double[] draws = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            draws[i] = GammaSampler.gamma(shape, rng);
        }
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new GammaDistribution(shape, 1.0), draws);
        // A correct sampler fails this with probability 1e-4 per case.
        assertTrue(p > 1e-4, "Gamma(" + shape + ") draws rejected, KS p = " + p);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "31, 71", "0.5, 0.5", "2, 900"})
    void betaDrawsFollowTheBetaDistribution(double a, double b) {
        SplittableRng rng = new SplittableRng(Double.doubleToLongBits(a * 31 + b));
        double[] draws = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            draws[i] = GammaSampler.beta(a, b, rng);
        }
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new BetaDistribution(a, b), draws);
        assertTrue(p > 1e-4, "Beta(" + a + ", " + b + ") draws rejected, KS p = " + p);
    }
}
