package dev.lever.policy;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * Gamma and Beta draws for the posterior sampling of {@link ThompsonSampling}, which draws K of them per decision.
 *
 * <p>The method is Marsaglia &amp; Tsang's, "A Simple Method for Generating Gamma Variables" (ACM TOMS 26(3),
 * 2000), the one commons-math3's {@code GammaDistribution.sample()} also uses for shapes >= 1. It is written out here
 * because commons-math3 only offers it through a distribution object whose constructor evaluates log-gamma
 * functions: building one per draw costs more than the draw itself. Shapes below 1 use their boost
 * Gamma(a) = Gamma(a + 1) * U^(1/a). A Beta(a, b) draw is X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 */
final class GammaSampler {

    private GammaSampler() {
    }

    /** A Gamma(shape, 1) draw, shape > 0. */
    static double gamma(double shape, RandomGenerator rng) {
        if (shape < 1.0) {
            return gamma(shape + 1.0, rng) * Math.pow(rng.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rng.nextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            double u = rng.nextDouble();
            double x2 = x * x;
            // The squeeze accepts about 98% of candidates without a logarithm.
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** A Beta(a, b) draw, a, b > 0. */
    static double beta(double a, double b, RandomGenerator rng) {
        double x = gamma(a, rng);
        double y = gamma(b, rng);
        return x / (x + y);
    }
}
