package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every policy, run in a seeded loop against five Bernoulli arms, ends up serving the best one. */
class FindsTheBestArmTest {

    private static final double[] TRUE_MEANS = {0.10, 0.25, 0.30, 0.40, 0.60};
    private static final int HORIZON = 20_000;
    private static final int LAST = 5_000;

    @ParameterizedTest
    @ValueSource(strings = {"epsilon-greedy", "ucb1", "thompson"})
    void mostLatePullsGoToTheBestArm(String type) {
        Policy policy = Policies.of(type, Map.of());
        SplittableRng rng = new SplittableRng(42);
        ArmStats[] arms = new ArmStats[TRUE_MEANS.length];
        java.util.Arrays.fill(arms, ArmStats.EMPTY);
        int bestLate = 0;
        for (int t = 0; t < HORIZON; t++) {
            int arm = policy.select(arms, RewardKind.BINARY, rng);
            double reward = rng.nextDouble() < TRUE_MEANS[arm] ? 1.0 : 0.0;
            arms[arm] = arms[arm].withPull().withReward(reward);
            if (t >= HORIZON - LAST && arm == TRUE_MEANS.length - 1) {
                bestLate++;
            }
        }
        // Uniform play would give the best arm a fifth of the pulls; a learning policy must give it most of them.
        // Epsilon-greedy (epsilon = 0.1) is bounded by 1 - 0.1 * 4 / 5 = 0.92.
        double share = (double) bestLate / LAST;
        assertTrue(share > 0.8, type + " gave the best arm " + share + " of the last " + LAST + " pulls");
    }
}
