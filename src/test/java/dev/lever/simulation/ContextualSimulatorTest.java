package dev.lever.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The contextual scenarios' claims. The target on the two-segment scenario (60% mobile): a contextual
 * policy sends at least 85% of each segment's late traffic to that segment's best arm, where a context-free policy,
 * whose choice cannot depend on the segment, sends at most 60% of all late traffic to a segment's best arm
 * (0.6 P(ranker-a) + 0.4 P(ranker-b)). On Iris, the contextual policies beat the context-free accuracy by a margin.
 */
class ContextualSimulatorTest {

    private static final int REPETITIONS = 10;

    @Test
    void contextualPoliciesFindEachSegmentsBestArm() {
        ContextualReport report = new ContextualSimulator(2).run(ContextualScenarios.twoSegments(REPETITIONS));
        int contextual = 0;
        for (ContextualReport.Row row : report.rows()) {
            double mobile = row.lateBestShare()[0];
            double desktop = row.lateBestShare()[1];
            if (row.contextual()) {
                contextual++;
                assertTrue(mobile >= 0.85 && desktop >= 0.85, row.label() + " sent " + mobile + " of mobile and "
                        + desktop + " of desktop late traffic to the segment's best arm");
            } else {
                // The late mix is 60/40 up to sampling: 4,000 late decisions per run, 10 runs, so the mobile share's
                // standard deviation is sqrt(0.24 / 40,000) < 0.0025; 0.01 is four of them.
                double overall = 0.6 * mobile + 0.4 * desktop;
                assertTrue(overall <= 0.6 + 0.01, row.label() + " sent " + overall + " of late traffic to the best "
                        + "arm of its segment, more than the larger segment's share");
            }
        }
        assertEquals(2, contextual);
        assertTrue(report.rows().get(0).contextual() && report.rows().get(1).contextual(),
                "the contextual policies have the least regret:\n" + report.table());
    }

    /**
     * The Iris benchmark, judged by late balanced accuracy: the mean over the three species of the share of their
     * late flowers (the last 0.2 T decisions) that got the right arm. A context-free policy's choice at step t does
     * not depend on the flower drawn at t, so species s is answered right with the probability P(choice = s) whatever
     * the flower, and the mean over species of these is 1/3 in expectation, whatever the species' shares. Over n =
     * 0.2 T x repetitions late decisions (40,000), about n / 3 per species, the standard deviation of that mean is at
     * most sqrt(3 (1/4) / (n / 3)) / 3 = sqrt(1 / (4 n)), 0.0025; four of them are allowed. A contextual policy must
     * beat, by the same four, a policy that tells setosa apart (its petals are shorter than any other flower's,
     * checked here on the data) and guesses between versicolor and virginica: (1 + 1/2 + 1/2) / 3 = 2/3. Above that,
     * it uses the measurements that separate the two species that overlap, not only the easy split.
     */
    @Test
    void onIrisContextualPoliciesBeatEveryContextFreeOne() {
        IrisData iris = IrisData.load();
        double setosaPetals = iris.examples().stream().filter(e -> e.species() == 0)
                .mapToDouble(e -> (double) e.context().get("petal_length")).max().orElseThrow();
        assertTrue(iris.examples().stream().filter(e -> e.species() != 0)
                .allMatch(e -> (double) e.context().get("petal_length") > setosaPetals));
        int species = IrisData.SPECIES.size();
        double contextFree = 1.0 / species;
        double setosaApart = (1 + (species - 1) / 2.0) / species;

        ContextualScenario scenario = ContextualScenarios.classification(REPETITIONS);
        ContextualReport report = new ContextualSimulator(2).run(scenario);
        double n = Math.round(scenario.horizon() * ContextualRun.LATE) * (double) REPETITIONS;
        double tolerance = 4 * Math.sqrt(1 / (4 * n));
        int contextual = 0;
        for (ContextualReport.Row row : report.rows()) {
            double balanced = Arrays.stream(row.lateBestShare()).average().orElseThrow();
            if (row.contextual()) {
                contextual++;
                assertTrue(balanced >= setosaApart + tolerance, row.label() + " has a late balanced accuracy of "
                        + balanced + ", not above " + setosaApart + "\n" + report.table());
            } else {
                assertTrue(balanced <= contextFree + tolerance, row.label() + " has a late balanced accuracy of "
                        + balanced + " without seeing the flowers, above " + contextFree + "\n" + report.table());
            }
        }
        assertEquals(2, contextual);
    }

    @Test
    void sameSeedSameNumbers() {
        ContextualScenario scenario = ContextualScenarios.classification(2);
        assertEquals(new ContextualSimulator(1).run(scenario).table(), new ContextualSimulator(2).run(scenario).table());
    }
}
