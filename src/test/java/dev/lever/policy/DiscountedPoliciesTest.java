package dev.lever.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The discounted policies: their parameters, their discount, and that they follow arms that swap. */
class DiscountedPoliciesTest {

    @Test
    void buildsFromTheWireFormAndRoundTrips() {
        assertEquals(new DiscountedThompson(Duration.ofHours(6), 1, 1, 1000),
                Policies.of("discounted-thompson", Map.of("halfLife", "6h")));
        assertEquals(new DiscountedUcb(Duration.ofMinutes(90), 0.25),
                Policies.of("discounted-ucb", Map.of("halfLife", "PT1H30M", "c", 0.25)));
        for (Policy policy : new Policy[] {new DiscountedThompson(Duration.ofDays(2), 2, 3, 500),
            new DiscountedUcb(Duration.ofSeconds(90), 1)}) {
            assertEquals(policy, Policies.of(policy.type(), policy.parameters()));
        }
        assertEquals("2d", new DiscountedThompson(Duration.ofDays(2), 2, 3, 500).parameters().get("halfLife"));
    }

    @Test
    void refusesAMissingOrMalformedHalfLifeNamingIt() {
        InvalidParameterException missing = assertThrows(InvalidParameterException.class,
                () -> Policies.of("discounted-ucb", Map.of()));
        assertEquals("halfLife", missing.parameter());
        assertEquals("is required: the age after which old evidence counts half, a duration such as 90s, 30m, 24h, "
                + "7d or PT24H", missing.reason());
        InvalidParameterException malformed = assertThrows(InvalidParameterException.class,
                () -> Policies.of("discounted-thompson", Map.of("halfLife", "6 hours")));
        assertEquals("must be a duration such as 90s, 30m, 24h, 7d or PT24H, was '6 hours'", malformed.reason());
        InvalidParameterException number = assertThrows(InvalidParameterException.class,
                () -> Policies.of("discounted-thompson", Map.of("halfLife", 3600)));
        assertEquals("must be a duration such as 90s, 30m, 24h, 7d or PT24H, was 3600", number.reason());
        InvalidParameterException range = assertThrows(InvalidParameterException.class,
                () -> Policies.of("discounted-thompson", Map.of("halfLife", "0s")));
        assertEquals("must be between 1s and 3650d, was 0s", range.reason());
        InvalidParameterException prior = assertThrows(InvalidParameterException.class,
                () -> Policies.of("discounted-thompson", Map.of("halfLife", "1h", "alpha", -1)));
        assertEquals("alpha", prior.parameter());
    }

    @Test
    void evidenceLosesHalfItsWeightEveryHalfLifeAndDecaysCompose() {
        Discount discount = new Discount(Duration.ofHours(6));
        assertEquals(0.5, discount.factor(6 * 3600), 1e-15);
        assertEquals(0.25, discount.factor(12 * 3600), 1e-15);
        assertEquals(1.0, discount.factor(0), 0.0);
        assertEquals(1.0, discount.factor(-5), 0.0, "a clock that steps back does not inflate evidence");
        ArmStats stats = new ArmStats(400, 380, 37, 37);
        ArmStats once = discount.decay(stats, 5000);
        ArmStats twice = discount.decay(discount.decay(stats, 2000), 3000);
        assertEquals(once.pulls(), twice.pulls(), 1e-12 * once.pulls());
        assertEquals(once.rewardSum(), twice.rewardSum(), 1e-12 * once.rewardSum());
        assertEquals(stats.rewardSum() / stats.pulls(), once.rewardSum() / once.pulls(), 1e-15,
                "a decay keeps the mean");
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "continuous"})
    void appliesTheStationaryRuleToTheStatisticsItIsGiven(String reward) {
        RewardKind kind = RewardKind.fromWireName(reward);
        ArmStats[] arms = {new ArmStats(12.5, 11.25, 3.75, 3.75), new ArmStats(40.2, 39.1, 6.3, 6.3),
            new ArmStats(3.3, 2.9, 1.4, 1.4)};
        DiscountedThompson dts = new DiscountedThompson(Duration.ofHours(1), 1, 1, 2000);
        assertArrayEquals(dts.rule().allocation(arms, kind, new SplittableRng(5)),
                dts.allocation(arms, kind, new SplittableRng(5)), 0.0);
        DiscountedUcb ducb = new DiscountedUcb(Duration.ofHours(1), 0.5);
        assertArrayEquals(new Ucb1(0.5).allocation(arms, kind, new SplittableRng(5)),
                ducb.allocation(arms, kind, new SplittableRng(5)), 0.0);
        double[] allocation = dts.allocation(arms, kind, new SplittableRng(6));
        assertEquals(1.0, Arrays.stream(allocation).sum(), 1e-9);
    }

    /**
     * Two arms at 0.7 and 0.3 swap at step 8,000 of 12,000, one decision a second. With a half-life of 10 minutes
     * (about 870 decisions of effective memory) the evidence from before the swap weighs under 2^-3 by step 10,000.
     * Over the last 2,000 decisions uniform play would give the new best arm half of them, a policy stuck on the old
     * best almost none, and one that follows the swap nearly all but its exploration: 0.8 separates these far beyond
     * the binomial spread of 2,000 draws (sd about 0.01). Across seeds 1 to 20 the share was at least 0.98 for
     * discounted Thompson sampling and 0.92 for discounted UCB, while plain Thompson sampling ranged from 0.002 to
     * 0.9 (the simulator's tests compare their regret).
     */
    @ParameterizedTest
    @ValueSource(strings = {"discounted-thompson", "discounted-ucb"})
    void followsArmsThatSwap(String type) {
        Policy policy = Policies.of(type, Map.of("halfLife", "10m"));
        SplittableRng rng = new SplittableRng(2017);
        double step = policy.discount().orElseThrow().factor(1.0);
        ArmStats[] arms = {ArmStats.EMPTY, ArmStats.EMPTY};
        int late = 0;
        for (int t = 0; t < 12_000; t++) {
            for (int i = 0; i < arms.length; i++) {
                arms[i] = arms[i].scaled(step);
            }
            double[] means = t < 8_000 ? new double[] {0.7, 0.3} : new double[] {0.3, 0.7};
            int arm = policy.select(arms, RewardKind.BINARY, rng);
            arms[arm] = arms[arm].withPull().withReward(rng.nextDouble() < means[arm] ? 1 : 0);
            if (t >= 10_000 && arm == 1) {
                late++;
            }
        }
        double share = late / 2_000.0;
        assertTrue(share > 0.8, type + " gave the new best arm " + share + " of the late pulls");
    }
}
