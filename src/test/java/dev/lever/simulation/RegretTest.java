package dev.lever.simulation;

import static dev.lever.simulation.Scenarios.at;
import static dev.lever.simulation.Scenarios.bernoulli;
import static dev.lever.simulation.Scenarios.contender;
import static dev.lever.simulation.Scenarios.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's regret curves have the shapes the theory predicts. */
class RegretTest {

    private final Simulator simulator = new Simulator(Runtime.getRuntime().availableProcessors());

    @Test
    void thompsonRegretGrowsLikeTheLaiRobbinsSlopePerDecade() {
        Scenario scenario = Scenarios.of(bernoulli(0.5, 0.4), 100_000, 100, contender("thompson", Map.of()));
        Report report = simulator.run(scenario, ProgressCounter.NONE);
        Report.PolicySummary ts = summary(report, "thompson{}");
        double perDecade = at(report, ts, 100_000) - at(report, ts, 10_000);
        // Lai-Robbins: 0.1 / kl(0.4, 0.5) = 4.97 per unit of ln t, so 11.44 per decade. Thompson sampling attains
        // the bound asymptotically (Kaufmann, Korda & Munos, ALT 2012); at 10^4..10^5 its growth is within
        // +/- 40% of it, while a linear-regret policy would add about nine times its regret at 10^4.
        double kl = 0.4 * Math.log(0.4 / 0.5) + 0.6 * Math.log(0.6 / 0.5);
        double bound = report.laiRobbinsSlope() * Math.log(10);
        assertEquals(0.1 / kl * Math.log(10), bound, 1e-9);
        assertTrue(perDecade > 0.6 * bound && perDecade < 1.4 * bound,
                "Thompson regret grew " + perDecade + " over the decade; Lai-Robbins slope " + bound);
    }

    @Test
    void epsilonGreedyRegretGrowsLinearlyAtEpsilonTimesTheMeanGap() {
        Scenario scenario = Scenarios.of(bernoulli(0.5, 0.4, 0.3), 20_000, 60,
                contender("epsilon-greedy", Map.of("epsilon", 0.1)));
        Report report = simulator.run(scenario, ProgressCounter.NONE);
        Report.PolicySummary eg = report.policies().get(0);
        double slope = (at(report, eg, 20_000) - at(report, eg, 10_000)) / 10_000;
        // Late on, only exploration costs: epsilon * (mean gap over all arms) = 0.1 * (0 + 0.1 + 0.2) / 3 = 0.01
        // per decision. Over 60 runs of 10,000 steps the mean slope's sd is about 0.0001.
        assertEquals(0.01, slope, 0.001, "regret per decision late in the run");
    }

    @Test
    void thompsonBeatsUcb1OnTheChapelleLiCases() {
        for (double epsilon : new double[] {0.1, 0.02}) {
            double[] means = new double[10];
            java.util.Arrays.fill(means, 0.5 - epsilon);
            means[0] = 0.5;
            Scenario scenario = Scenarios.of(bernoulli(means), 20_000, 20, contender("thompson", Map.of()),
                    contender("ucb1", Map.of()));
            Report report = simulator.run(scenario, ProgressCounter.NONE);
            double thompson = summary(report, "thompson{}").finalRegret();
            double ucb = summary(report, "ucb1{}").finalRegret();
            assertTrue(thompson < ucb, "epsilon " + epsilon + ": Thompson " + thompson + " vs UCB1 " + ucb);
            assertEquals("thompson{}", report.recommended().label());
        }
    }

    @Test
    void everyPolicyPaysFarLessThanUniformPlayWithOneClearlyBestArm() {
        Scenario scenario = Scenarios.of(bernoulli(0.2, 0.2, 0.2, 0.2, 0.6), 10_000, 20,
                contender("thompson", Map.of()), contender("ucb1", Map.of()),
                contender("epsilon-greedy", Map.of("epsilon", 0.1)), contender("fixed-split", Map.of()));
        Report report = simulator.run(scenario, ProgressCounter.NONE);
        // Uniform play pays the mean gap, 0.4 * 4 / 5 = 0.32, per decision.
        double uniform = 0.32 * 10_000;
        assertEquals(uniform, summary(report, "fixed-split{}").finalRegret(), 0.02 * uniform,
                "an equal fixed split is uniform play");
        for (String label : List.of("thompson{}", "ucb1{}", "epsilon-greedy{epsilon=0.1}")) {
            double regret = summary(report, label).finalRegret();
            assertTrue(regret < 0.2 * uniform, label + " paid " + regret + " against uniform " + uniform);
        }
    }

    @Test
    void delayedAndBatchedFeedbackCostRegretButStillLearn() {
        List<ArmModel> arms = bernoulli(0.3, 0.5);
        Scenario immediate = Scenarios.of(arms, 20_000, 30, contender("thompson", Map.of()));
        Scenario delayed = new Scenario("delayed", "", 20_000, 30, 99, arms, 500, 200, 1,
                List.of(contender("thompson", Map.of())));
        double now = simulator.run(immediate, ProgressCounter.NONE).recommended().finalRegret();
        double late = simulator.run(delayed, ProgressCounter.NONE).recommended().finalRegret();
        assertTrue(late > now, "delay and batching should cost regret: " + late + " vs " + now);
        assertTrue(late < 0.1 * 0.2 * 20_000, "but Thompson still learns: " + late);
    }

    @Test
    void regretIsMeasuredAgainstTheBestArmAtEachStep() {
        // Arm 0 is best until step 1,000, then arm 1 (a jump). A policy stuck on arm 0 pays 0.4 per step after it.
        List<ArmModel> arms = List.of(new ArmModel("old", 0.5, 0, List.of(new ArmModel.Jump(1_000, 0.1)), null),
                new ArmModel("new", 0.3, 0, List.of(new ArmModel.Jump(1_000, 0.5)), null));
        Scenario scenario = Scenarios.of(arms, 2_000, 1, contender("fixed-split", Map.of("weights",
                List.of(1.0, 0.0))));
        Report report = simulator.run(scenario, ProgressCounter.NONE);
        assertEquals(0.4 * 1_000, report.recommended().finalRegret(), 1e-9);
        assertEquals(0.5, report.recommended().bestArmShare(), 1e-12);
    }
}
