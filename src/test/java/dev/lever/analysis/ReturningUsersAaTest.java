package dev.lever.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.experiment.Experiment;
import dev.lever.experiment.PlanSpec;
import dev.lever.stats.RunningSequential;
import dev.lever.stats.UnitMoments;
import dev.lever.store.ArmMoments;
import dev.lever.store.ExperimentStats;
import dev.lever.store.MetricMoments;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.GeometricDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * A/A tests with returning users, through the analysis code. Each user has a click rate of their own (Beta(0.2,
 * 1.8): mean 0.1, intra-user correlation 1 / (0.2 + 1.8 + 1) = 1/3) and comes back a geometric number of times
 * (mean 4). Both arms are identical, so every significant result is a false positive: at alpha = 0.05 the rate must
 * stay within alpha plus three binomial standard deviations. Counting decisions as independent inflates it (the
 * design effect is about 1 + (E[V^2]/E[V] - 1) rho = 3, so |z| is overstated by about sqrt(3)).
 */
class ReturningUsersAaTest {

    private static final int EXPERIMENTS = 200;
    private static final int USERS = 1000;
    private static final int LOOKS = 10;
    private static final double ALPHA = 0.05;
    /** alpha + 3 binomial standard deviations over the experiments. */
    private static final double TOLERANCE = ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS);
    /** 10% to 20%: about 200 users per arm, so the plan is reached and fixed-horizon p-values are valid. */
    private static final PlanSpec PLAN = new PlanSpec(0.10, 1.0, "relative", null, ALPHA, 0.8, null, null);

    /** One arm's users so far: unit-level moments and decision-level counts. */
    private static final class Arm {
        UnitMoments units = UnitMoments.EMPTY;
        long decisions;
        long clicks;

        ArmMoments moments() {
            double rate = decisions == 0 ? 0 : (double) clicks / decisions;
            return new ArmMoments(decisions, units.n(), Map.of("click", new MetricMoments(decisions, clicks,
                    clicks - rate * clicks, units)));
        }
    }

    /**
     * Runs the A/A experiments and returns the share in which a challenger was found significant at some look.
     *
     * @param perUnit whether the analysis counts users (true) or decisions (false)
     */
    private static double falsePositiveRate(String test, boolean perUnit) {
        Experiment experiment = ComparisonsTest.abTest(PLAN, test, "user", null);
        boolean sequential = "sequential".equals(test);
        int significant = 0;
        for (int e = 0; e < EXPERIMENTS; e++) {
            RandomGenerator random = new Well19937c(1_000 + e);
            BetaDistribution rates = new BetaDistribution(random, 0.2, 1.8);
            GeometricDistribution returns = new GeometricDistribution(random, 0.25);
            Arm[] arms = {new Arm(), new Arm()};
            Map<String, RunningSequential> running = new HashMap<>();
            boolean found = false;
            for (int user = 1; user <= USERS; user++) {
                Arm arm = arms[random.nextInt(2)];
                int visits = 1 + returns.sample();
                double rate = rates.sample();
                int clicks = new BinomialDistribution(random, visits, rate).sample();
                arm.units = arm.units.plus(visits, clicks, 0);
                arm.decisions += visits;
                arm.clicks += clicks;
                boolean look = sequential ? user % (USERS / LOOKS) == 0 : user == USERS;
                if (look) {
                    ExperimentStats stats = new ExperimentStats(Map.of("model-a", arms[0].moments(),
                            "model-b", arms[1].moments()));
                    Comparisons comparisons = new Comparisons(experiment, new double[] {0.5, 0.5}, stats, perUnit,
                            running);
                    found |= comparisons.analysis().metrics().get(0).comparisons().get(0).significant();
                    running.putAll(comparisons.updatedRunning());
                }
            }
            if (found) {
                significant++;
            }
        }
        return (double) significant / EXPERIMENTS;
    }

    @Test
    void fixedHorizonPerUserKeepsItsLevel() {
        double perUser = falsePositiveRate("fixed-horizon", true);
        double perDecision = falsePositiveRate("fixed-horizon", false);
        assertTrue(perUser <= TOLERANCE, "per-user false-positive rate " + perUser + " > " + TOLERANCE);
        assertTrue(perDecision > TOLERANCE, "per-decision false-positive rate " + perDecision
                + " should show the inflation that counting decisions causes");
    }

    @Test
    void sequentialPerUserKeepsItsLevelAtEveryLook() {
        double perUser = falsePositiveRate("sequential", true);
        assertTrue(perUser <= TOLERANCE, "per-user false-positive rate over " + LOOKS + " looks " + perUser + " > "
                + TOLERANCE);
    }
}
