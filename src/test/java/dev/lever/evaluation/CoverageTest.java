package dev.lever.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.policy.Allocations;
import dev.lever.policy.ArmStats;
import dev.lever.policy.Choice;
import dev.lever.policy.EpsilonGreedy;
import dev.lever.policy.FixedSplit;
import dev.lever.policy.Policy;
import dev.lever.policy.RewardKind;
import dev.lever.policy.SplittableRng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The estimators' 95% intervals cover the true value of a candidate at close to their nominal rate, over repeated
 * seeded simulations of logs whose truth is known: Bernoulli arms with known means, a logging policy that records
 * its exact propensities, and a fixed-split candidate whose value is {@code sum_a pi(a) mu(a)}.
 *
 * <p>With R repetitions, a correct 95% interval covers in Binomial(R, 0.95) of them; the test accepts the count
 * within 3.29 standard deviations of 0.95 R (a 99.9% band), so it fails a correct estimator once in a thousand runs
 * of one row and catches an interval too narrow by a fifth. It prints the coverage table that
 * docs/evaluation.md quotes.
 */
class CoverageTest {

    static final int REPETITIONS = 500;
    static final int DECISIONS = 2000;
    static final double CONFIDENCE = 0.95;
    static final double BAND_SIGMAS = 3.29;
    static final double[] MEANS = {0.3, 0.4, 0.5};
    static final List<String> ARMS = List.of("a", "b", "c");

    /** One simulated setting. */
    record Setting(String name, Policy logging, FixedSplit candidate) {

        double truth() {
            double value = 0;
            for (int a = 0; a < MEANS.length; a++) {
                value += candidate.weights().get(a) * MEANS[a];
            }
            return value;
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("fixed split 0.5/0.3/0.2 logs, candidate 0.1/0.3/0.6",
                    new FixedSplit(List.of(0.5, 0.3, 0.2)), new FixedSplit(List.of(0.1, 0.3, 0.6))),
            new Setting("epsilon-greedy (0.2) logs, candidate 1/3 each",
                    new EpsilonGreedy(0.2, false), new FixedSplit(List.of(1 / 3.0, 1 / 3.0, 1 / 3.0))),
            new Setting("fixed split 0.8/0.15/0.05 logs (low overlap), candidate 0/0/1",
                    new FixedSplit(List.of(0.8, 0.15, 0.05)), new FixedSplit(List.of(0.0, 0.0, 1.0))));

    /** A log of the logging policy over the Bernoulli arms, its statistics updated after every decision. */
    static List<LogEvent> simulate(Policy logging, SplittableRng rng) {
        ArmStats[] stats = new ArmStats[MEANS.length];
        Arrays.fill(stats, ArmStats.EMPTY);
        List<LogEvent> events = new ArrayList<>(2 * DECISIONS);
        for (int i = 0; i < DECISIONS; i++) {
            Choice choice = Allocations.choose(logging.allocation(stats, RewardKind.BINARY, rng), rng);
            String token = "d" + i;
            int arm = choice.arm();
            events.add(new LogEvent.Decided(token, arm, choice.propensity()));
            stats[arm] = stats[arm].withPull();
            if (rng.nextDouble() < MEANS[arm]) {
                events.add(new LogEvent.Rewarded(token, arm, 1));
                stats[arm] = stats[arm].withReward(1);
            }
        }
        return events;
    }

    /** Coverage counts of IPS, SNIPS and DR for one setting, and the mean effective sample size. */
    static long[] coverage(Setting setting, long seed, double[] meanEss) {
        SplittableRng rng = new SplittableRng(seed);
        long[] covered = new long[3];
        double ess = 0;
        double truth = setting.truth();
        for (int r = 0; r < REPETITIONS; r++) {
            List<Sample> samples = Replay.samples(simulate(setting.logging(), rng), setting.candidate(),
                    RewardKind.BINARY, ARMS, 1, 2, rng);
            Evaluation evaluation = OffPolicyEstimators.evaluate(samples, CONFIDENCE);
            Estimate[] estimates = {evaluation.ips(), evaluation.snips(), evaluation.doublyRobust()};
            for (int e = 0; e < estimates.length; e++) {
                if (estimates[e].interval().lower() <= truth && truth <= estimates[e].interval().upper()) {
                    covered[e]++;
                }
            }
            ess += evaluation.effectiveSampleSize();
        }
        meanEss[0] = ess / REPETITIONS;
        return covered;
    }

    @Test
    void intervalsCoverTheTruthAtTheirNominalRate() {
        double expected = CONFIDENCE * REPETITIONS;
        double slack = BAND_SIGMAS * Math.sqrt(REPETITIONS * CONFIDENCE * (1 - CONFIDENCE));
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "| setting (%d decisions, %d repetitions) | true value | IPS | SNIPS | DR | mean ESS |%n"
                        + "|---|---|---|---|---|---|%n", DECISIONS, REPETITIONS));
        List<String> failures = new ArrayList<>();
        long seed = 20_150_701;
        for (Setting setting : SETTINGS) {
            double[] ess = new double[1];
            long[] covered = coverage(setting, seed++, ess);
            table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.0f |%n", setting.name(),
                    setting.truth(), covered[0] / (double) REPETITIONS, covered[1] / (double) REPETITIONS,
                    covered[2] / (double) REPETITIONS, ess[0]));
            String[] names = {"IPS", "SNIPS", "DR"};
            for (int e = 0; e < covered.length; e++) {
                if (Math.abs(covered[e] - expected) > slack) {
                    failures.add(setting.name() + ", " + names[e] + ": covered " + covered[e] + " of " + REPETITIONS
                            + ", outside " + expected + " +/- " + String.format(Locale.ROOT, "%.1f", slack));
                }
            }
        }
        System.out.print(table);
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures) + "\n" + table);
    }
}
