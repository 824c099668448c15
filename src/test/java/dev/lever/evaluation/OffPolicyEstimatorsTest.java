package dev.lever.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.policy.EpsilonGreedy;
import dev.lever.policy.FixedSplit;
import dev.lever.policy.RewardKind;
import dev.lever.policy.SplittableRng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimators against values worked out by hand, and what the replay lets a candidate see. */
class OffPolicyEstimatorsTest {

    private static final List<String> ARMS = List.of("a", "b");

    /**
     * Four decisions logged 50/50, rewards 1, 0, 1, 1 on arms a, a, b, b; the candidate 0.8/0.2. Weights: 1.6, 1.6,
     * 0.4, 0.4. IPS = (1.6 + 0 + 0.4 + 0.4) / 4 = 0.6. SNIPS = 2.4 / 4 = 0.6. The model: m(a) = 0.5, m(b) = 1, so
     * d = 0.8 x 0.5 + 0.2 x 1 = 0.6 and DR terms 0.6 + 1.6 x 0.5, 0.6 - 1.6 x 0.5, 0.6 + 0, 0.6 + 0: mean 0.6. ESS =
     * 4^2 / (2 x 2.56 + 2 x 0.16) = 16 / 5.44.
     */
    @Test
    void estimatesMatchTheirFormulas() {
        List<LogEvent> events = List.of(new LogEvent.Decided("1", 0, 0.5), new LogEvent.Rewarded("1", 0, 1),
                new LogEvent.Decided("2", 0, 0.5), new LogEvent.Decided("3", 1, 0.5),
                new LogEvent.Rewarded("3", 1, 1), new LogEvent.Decided("4", 1, 0.5), new LogEvent.Rewarded("4", 1, 1));
        List<Sample> samples = Replay.samples(events, new FixedSplit(List.of(0.8, 0.2)), RewardKind.BINARY, ARMS, 1,
                2, new SplittableRng(1));
        Evaluation evaluation = OffPolicyEstimators.evaluate(samples, 0.95);
        assertEquals(0.75, evaluation.logging().value(), 1e-12);
        assertEquals(0.6, evaluation.ips().value(), 1e-12);
        assertEquals(0.6, evaluation.snips().value(), 1e-12);
        assertEquals(0.6, evaluation.doublyRobust().value(), 1e-12);
        assertEquals(16 / 5.44, evaluation.effectiveSampleSize(), 1e-12);
        // The IPS terms 1.6, 0, 0.4, 0.4: their sample sd over sqrt(4).
        double[] terms = {1.6, 0, 0.4, 0.4};
        double mean = 0.6;
        double squares = 0;
        for (double t : terms) {
            squares += (t - mean) * (t - mean);
        }
        double se = Math.sqrt(squares / 3) / 2;
        assertEquals(se, evaluation.ips().standardError(), 1e-12);
        assertEquals(0.6 - 1.959963984540054 * se, evaluation.ips().interval().lower(), 1e-9);
        // SNIPS: sum w^2 (r - 0.6)^2 = 2.56 x (0.16 + 0.36) + 0.16 x (0.16 + 0.16), over (sum w)^2 = 16.
        assertEquals(Math.sqrt(2.56 * 0.52 + 0.16 * 0.32) / 4, evaluation.snips().standardError(), 1e-12);
    }

    @Test
    void theCandidateSeesTheLogUpToEachDecisionRefreshedEveryFewDecisions() {
        // Epsilon-greedy with epsilon 0 follows the best mean: after a's reward it puts everything on a.
        List<LogEvent> events = List.of(new LogEvent.Decided("1", 0, 0.5), new LogEvent.Rewarded("1", 0, 1),
                new LogEvent.Decided("2", 1, 0.5), new LogEvent.Decided("3", 0, 0.5), new LogEvent.Decided("4", 1,
                        0.5));
        List<Sample> everyDecision = Replay.samples(events, new EpsilonGreedy(0, false), RewardKind.BINARY, ARMS, 1, 2,
                new SplittableRng(1));
        assertEquals(0.5, everyDecision.get(0).target(), "no statistics yet: a tie, split evenly");
        assertEquals(0.0, everyDecision.get(1).target(), "after a's reward, b gets nothing");
        assertEquals(1.0, everyDecision.get(2).target());
        List<Sample> everyThird = Replay.samples(events, new EpsilonGreedy(0, false), RewardKind.BINARY, ARMS, 3, 2,
                new SplittableRng(1));
        assertEquals(0.5, everyThird.get(1).target(), "the allocation of the first decision still serves");
        assertEquals(0.5, everyThird.get(2).target());
        assertEquals(0.0, everyThird.get(3).target(), "recomputed at the fourth");
    }

    @Test
    void armsTheLogNeverChoseOrTooFewDecisionsAreRefused() {
        List<LogEvent> onlyA = List.of(new LogEvent.Decided("1", 0, 0.9), new LogEvent.Decided("2", 0, 0.9));
        UnsupportedCandidateException unsupported = assertThrows(UnsupportedCandidateException.class,
                () -> Replay.samples(onlyA, new FixedSplit(List.of(0.5, 0.5)), RewardKind.BINARY, ARMS, 1, 2,
                        new SplittableRng(1)));
        assertTrue(unsupported.getMessage().contains("[b]"), unsupported.getMessage());
        assertEquals(2, Replay.samples(onlyA, new FixedSplit(List.of(1.0, 0.0)), RewardKind.BINARY, ARMS, 1, 2,
                new SplittableRng(1)).size(), "a candidate that never chooses b is supported");
        assertThrows(UnsupportedCandidateException.class, () -> Replay.samples(onlyA,
                new FixedSplit(List.of(1.0, 0.0)), RewardKind.BINARY, ARMS, 1, 3, new SplittableRng(1)));
        List<Sample> retired = Replay.samples(List.of(new LogEvent.Decided("1", -1, 0.5),
                new LogEvent.Decided("2", 0, 0.5), new LogEvent.Decided("3", 1, 0.5)),
                new FixedSplit(List.of(0.5, 0.5)), RewardKind.BINARY, ARMS, 1, 2, new SplittableRng(1));
        assertEquals(0.0, retired.get(0).weight(), "a decision on an arm the candidate cannot choose weighs 0");
        assertThrows(UnsupportedCandidateException.class, () -> OffPolicyEstimators.evaluate(List.of(
                new Sample(0.5, 0, 1, 0, 0, new double[] {0, 1}), new Sample(0.5, 0, 0, 0, 0, new double[] {0, 1})),
                0.95), "no weight at all");
    }
}
