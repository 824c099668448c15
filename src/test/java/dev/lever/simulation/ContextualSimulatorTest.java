package dev.lever.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The target on the two-segment scenario (60% mobile): a contextual policy sends at least 85% of each
 * segment's late traffic to that segment's best arm, where a context-free policy, whose choice cannot depend on
 * the segment, sends at most 60% of all late traffic to a segment's best arm (0.6 P(ranker-a) + 0.4 P(ranker-b)).
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

    @Test
    void sameSeedSameNumbers() {
        ContextualScenario scenario = ContextualScenarios.classification(2);
        assertEquals(new ContextualSimulator(1).run(scenario).table(), new ContextualSimulator(2).run(scenario).table());
    }
}
