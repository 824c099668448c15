package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Every policy, for any statistics its arms can have and any valid parameters, answers a probability distribution:
 * finite, non-negative, summing to 1 within 1e-9, and a choice whose propensity is in (0, 1].
 */
class PolicyPropertiesTest {

    private static final double SUM_TOLERANCE = 1e-9;

    @Provide
    Arbitrary<ArmStats[]> binaryArms() {
        Arbitrary<ArmStats> arm = Arbitraries.longs().between(0, 1_000_000).flatMap(pulls ->
                Arbitraries.longs().between(0, pulls).flatMap(received ->
                        Arbitraries.longs().between(0, received).map(successes ->
                                new ArmStats(pulls, received, successes, successes))));
        return arm.array(ArmStats[].class).ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<ArmStats[]> continuousArms() {
        Arbitrary<ArmStats> arm = Combinators.combine(
                Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles().between(0, 1e6)).as((pulls, receivedShare, mean, sd) -> {
                    long received = Math.round(pulls * receivedShare);
                    return new ArmStats(pulls, received, received * mean, received * (mean * mean + sd * sd));
                });
        return arm.array(ArmStats[].class).ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<Policy> policies() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.of(true, false))
                        .as((epsilon, decay) -> (Policy) new EpsilonGreedy(decay ? epsilon * 10 + 0.01 : epsilon,
                                decay)),
                Arbitraries.doubles().between(0, 10).map(c -> (Policy) new Ucb1(c)),
                Combinators.combine(Arbitraries.doubles().between(0.01, 100), Arbitraries.doubles().between(0.01, 100))
                        .as((alpha, beta) -> (Policy) new ThompsonSampling(alpha, beta, 100)));
    }

    @Property(tries = 300)
    void binaryAllocationsAreDistributions(@ForAll("policies") Policy policy, @ForAll("binaryArms") ArmStats[] arms,
            @ForAll long seed) {
        check(policy, arms, RewardKind.BINARY, seed);
    }

    @Property(tries = 300)
    void continuousAllocationsAreDistributions(@ForAll("policies") Policy policy,
            @ForAll("continuousArms") ArmStats[] arms, @ForAll long seed) {
        check(policy, arms, RewardKind.CONTINUOUS, seed);
    }

    @Property(tries = 200)
    void fixedSplitsAreTheirWeights(@ForAll @IntRange(min = 1, max = 20) int k, @ForAll long seed,
            @ForAll @DoubleRange(min = 0.01, max = 1) double skew) {
        List<Double> raw = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < k; i++) {
            double w = Math.pow(skew, i);
            raw.add(w);
            total += w;
        }
        List<Double> weights = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < k - 1; i++) {
            weights.add(raw.get(i) / total);
            sum += raw.get(i) / total;
        }
        weights.add(Math.max(0, 1 - sum));
        ArmStats[] arms = new ArmStats[k];
        java.util.Arrays.fill(arms, ArmStats.EMPTY);
        check(new FixedSplit(weights), arms, RewardKind.BINARY, seed);
    }

    private static void check(Policy policy, ArmStats[] arms, RewardKind kind, long seed) {
        double[] allocation = policy.allocation(arms, kind, new SplittableRng(seed));
        assertEquals(arms.length, allocation.length);
        double sum = 0;
        for (double p : allocation) {
            assertTrue(Double.isFinite(p) && p >= 0, () -> policy + " gave " + java.util.Arrays.toString(allocation));
            sum += p;
        }
        assertEquals(1.0, sum, SUM_TOLERANCE, () -> policy + " gave " + java.util.Arrays.toString(allocation));
        Choice choice = policy.choose(arms, kind, new SplittableRng(seed ^ 0x5DEECE66DL));
        assertTrue(choice.arm() >= 0 && choice.arm() < arms.length);
        assertTrue(choice.propensity() > 0 && choice.propensity() <= 1, () -> policy + " chose " + choice);
    }
}
