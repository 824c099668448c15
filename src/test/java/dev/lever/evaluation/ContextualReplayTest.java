package dev.lever.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.context.FeatureSpace;
import dev.lever.policy.Allocations;
import dev.lever.policy.ArmStats;
import dev.lever.policy.Choice;
import dev.lever.policy.EpsilonGreedy;
import dev.lever.policy.FixedSplit;
import dev.lever.policy.LinUcb;
import dev.lever.policy.LinearThompson;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import dev.lever.policy.SplittableRng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * Contextual candidates evaluated on logs of a known two-segment environment: mobile (60%) and desktop requests
 * whose best arms differ (a on mobile: 0.30 against 0.15 and 0.20; b on desktop: 0.25 against 0.10 and 0.20), with
 * a country that does not matter, logged by a policy that ignores the context (uniform, or epsilon-greedy with
 * epsilon 0.5) with its exact propensities, every decision rewarded 1 or 0.
 *
 * <p>The truth a replay estimates is the candidate's value at the allocations it had during the replay,
 * {@code mean_i sum_a pi_i(a | x_i) mu(segment_i, a)}, computed from the environment's true means. A correct 95%
 * interval misses it in Binomial(R, 0.05) of R seeded logs; the test allows the misses up to that distribution's
 * 99.9th percentile. Every non-contextual policy's value is at most the best single arm's, 0.6 x 0.30 + 0.4 x 0.10
 * = 0.22 (so the context-free candidates compared are the three single arms), where choosing per segment earns
 * 0.6 x 0.30 + 0.4 x 0.25 = 0.28.
 */
class ContextualReplayTest {

    static final int SEEDS = 20;
    static final int DECISIONS = 8000;
    /** A refresh computes every arm's posterior (a Cholesky decomposition each): 200 per replay keep the test short. */
    static final int REFRESH_EVERY = 40;
    static final double CONFIDENCE = 0.95;
    static final List<String> ARMS = List.of("a", "b", "c");
    static final double[][] MEANS = {{0.30, 0.15, 0.20}, {0.10, 0.25, 0.20}};
    static final double MOBILE = 0.6;
    static final String[] COUNTRIES = {"de", "fr", "us"};
    static final FeatureSpace SPACE = new FeatureSpace(FeatureSpace.DEFAULT_DIMENSION);

    /** A simulated log and the segment of each of its decisions, in order. */
    record Log(List<LogEvent> events, int[] segments) {
    }

    static Log simulate(Policy logging, SplittableRng rng) {
        ArmStats[] stats = new ArmStats[ARMS.size()];
        Arrays.fill(stats, ArmStats.EMPTY);
        List<LogEvent> events = new ArrayList<>(2 * DECISIONS);
        int[] segments = new int[DECISIONS];
        for (int i = 0; i < DECISIONS; i++) {
            int segment = rng.nextDouble() < MOBILE ? 0 : 1;
            segments[i] = segment;
            Map<String, Object> context = Map.of("device", segment == 0 ? "mobile" : "desktop",
                    "country", COUNTRIES[rng.nextInt(COUNTRIES.length)]);
            Choice choice = Allocations.choose(logging.allocation(stats, RewardKind.BINARY, rng), rng);
            String token = "d" + i;
            int arm = choice.arm();
            events.add(new LogEvent.Decided(token, arm, choice.propensity(), context));
            double reward = rng.nextDouble() < MEANS[segment][arm] ? 1 : 0;
            events.add(new LogEvent.Rewarded(token, arm, reward));
            stats[arm] = stats[arm].withPull().withReward(reward);
        }
        return new Log(events, segments);
    }

    static Replay.Replayed replay(Log log, Policy candidate, long seed) {
        return Replay.replay(log.events(), candidate, RewardKind.BINARY, ARMS, SPACE, REFRESH_EVERY, 30,
                new SplittableRng(seed));
    }

    /** The candidate's true value at the allocations it had during the replay. */
    static double truth(List<Sample> samples, int[] segments) {
        double total = 0;
        for (int i = 0; i < samples.size(); i++) {
            double[] allocation = samples.get(i).allocation();
            for (int a = 0; a < allocation.length; a++) {
                total += allocation[a] * MEANS[segments[i]][a];
            }
        }
        return total / samples.size();
    }

    static boolean covers(Estimate estimate, double truth) {
        return estimate.interval().lower() <= truth && truth <= estimate.interval().upper();
    }

    @Test
    void contextualCandidatesAreEstimatedWithinTheirIntervalsAndAboveEveryContextFreeOne() {
        int allowedMisses = new BinomialDistribution(SEEDS, 1 - CONFIDENCE).inverseCumulativeProbability(0.999);
        List<Policy> contextual = List.of(new LinUcb(1, 1), new LinearThompson(0.25, 1, 200));
        List<Policy> contextFree = List.of(new FixedSplit(List.of(1.0, 0.0, 0.0)),
                new FixedSplit(List.of(0.0, 1.0, 0.0)), new FixedSplit(List.of(0.0, 0.0, 1.0)));
        List<String> failures = new ArrayList<>();
        for (Policy logging : List.of(new FixedSplit(List.of(1 / 3.0, 1 / 3.0, 1 / 3.0)),
                new EpsilonGreedy(0.5, false))) {
            int[][] misses = new int[contextual.size()][2];
            for (int s = 0; s < SEEDS; s++) {
                Log log = simulate(logging, new SplittableRng(1_000 + s));
                double bestContextFree = Double.NEGATIVE_INFINITY;
                for (Policy candidate : contextFree) {
                    Replay.Replayed replayed = replay(log, candidate, s);
                    assertEquals("ridge-per-arm(d=32)", replayed.rewardModel(),
                            "a log with contexts has the contextual model, whatever the candidate");
                    bestContextFree = Math.max(bestContextFree, OffPolicyEstimators.evaluate(replayed.samples(),
                            CONFIDENCE).doublyRobust().interval().upper());
                }
                for (int c = 0; c < contextual.size(); c++) {
                    Replay.Replayed replayed = replay(log, contextual.get(c), s);
                    Evaluation evaluation = OffPolicyEstimators.evaluate(replayed.samples(), CONFIDENCE);
                    double truth = truth(replayed.samples(), log.segments());
                    misses[c][0] += covers(evaluation.ips(), truth) ? 0 : 1;
                    misses[c][1] += covers(evaluation.doublyRobust(), truth) ? 0 : 1;
                    String where = logging.type() + " logs, seed " + s + ", " + contextual.get(c).type();
                    if (!(truth > 0.26)) {
                        failures.add(where + ": the candidate's own value " + truth + " is not near 0.28");
                    }
                    if (!(evaluation.doublyRobust().interval().lower() > bestContextFree)) {
                        failures.add(where + ": DR's lower bound " + evaluation.doublyRobust().interval().lower()
                                + " is not above every context-free candidate's upper bound " + bestContextFree);
                    }
                    if (!(evaluation.doublyRobust().standardError() < evaluation.ips().standardError())) {
                        failures.add(where + ": DR's standard error " + evaluation.doublyRobust().standardError()
                                + " is not below IPS's " + evaluation.ips().standardError());
                    }
                }
            }
            for (int c = 0; c < contextual.size(); c++) {
                String[] names = {"IPS", "DR"};
                for (int e = 0; e < 2; e++) {
                    if (misses[c][e] > allowedMisses) {
                        failures.add(String.format(Locale.ROOT, "%s logs, %s, %s: %d of %d intervals missed the "
                                + "truth, more than %d", logging.type(), contextual.get(c).type(), names[e],
                                misses[c][e], SEEDS, allowedMisses));
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void aLogWithoutContextsKeepsTheArmMeansAndScoresAContextualCandidateOnTheBias() {
        SplittableRng rng = new SplittableRng(5);
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int arm = rng.nextInt(2);
            events.add(new LogEvent.Decided("d" + i, arm, 0.5));
            events.add(new LogEvent.Rewarded("d" + i, arm, rng.nextDouble() < (arm == 0 ? 0.2 : 0.6) ? 1 : 0));
        }
        Replay.Replayed replayed = Replay.replay(events, new LinUcb(0, 1), RewardKind.BINARY, List.of("a", "b"),
                SPACE, 1, 30, rng);
        assertEquals("arm-mean", replayed.rewardModel());
        double[] last = replayed.samples().get(replayed.samples().size() - 1).allocation();
        assertEquals(1.0, last[1], "on the bias alone, LinUCB without a bonus picks the arm with the higher mean");
    }

    @Test
    void theRidgeModelOfADecisionNeverSeesItsOwnReward() {
        // Two decisions of one context on one arm: the first is predicted by the prior alone (0), whatever its
        // reward; the second by a model that learnt the first's reward 1, x.theta = 2 / (2 + 1) with A = I + x x^T
        // and x = (1, +-1) restricted to its two non-zero slots.
        Map<String, Object> context = Map.of("device", "mobile");
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(new LogEvent.Decided("d" + i, 0, 1.0, context));
            events.add(new LogEvent.Rewarded("d" + i, 0, 1));
        }
        List<Sample> samples = Replay.replay(events, new FixedSplit(List.of(1.0, 0.0)), RewardKind.BINARY,
                List.of("a", "b"), SPACE, 1, 30, new SplittableRng(1)).samples();
        assertEquals(0.0, samples.get(0).modelled(), 1e-12);
        assertEquals(2.0 / 3.0, samples.get(1).modelled(), 1e-12);
        assertEquals(samples.get(1).modelled(), samples.get(1).direct(), 1e-12, "all on arm a");
    }
}
