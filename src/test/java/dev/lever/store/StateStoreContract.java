package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.context.Context;
import dev.lever.context.FeatureSpace;
import dev.lever.context.Features;
import dev.lever.context.JointFeatures;
import dev.lever.history.ArmTotals;
import dev.lever.history.BucketTotals;
import dev.lever.history.MetricTotals;
import dev.lever.history.Resolution;
import dev.lever.history.Resolutions;
import dev.lever.history.RollUp;
import dev.lever.policy.ArmStats;
import dev.lever.policy.Discount;
import dev.lever.policy.LinearSums;
import dev.lever.stats.RunningSequential;
import dev.lever.stats.UnitMoments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} must do; run against each adapter. */
abstract class StateStoreContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The store under test. */
    abstract StateStore store();

    /** A fresh experiment id, so that tests sharing one store never see each other's data. */
    static String freshId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private StoredExperiment create(String id) {
        return store().save(id, "{\"n\":1}", 0, "42", Set.of(), null).await().atMost(WAIT).orElseThrow();
    }

    static final String REWARD = "reward";
    static final List<TrackedMetric> METRICS = List.of(new TrackedMetric("click", true),
            new TrackedMetric("revenue", false));

    /** A reward of the single metric for a decision, deduplicated by its token. */
    static RewardRecord decisionReward(String id, String epoch, String token, String arm, double value) {
        return new RewardRecord(id, epoch, 60_000, arm, false, null, List.of(),
                List.of(new Credit(token + "." + REWARD, REWARD, value)), System.currentTimeMillis());
    }

    static RewardRecord directReward(String id, String arm, double value) {
        return new RewardRecord(id, "42", 0, arm, true, null, List.of(), List.of(new Credit(null, REWARD, value)),
                System.currentTimeMillis());
    }

    static Selection select(String id, String arm, boolean returnStats) {
        return new Selection(id, "42", new Assignment(arm, 0.5), null, null, returnStats, System.currentTimeMillis(),
                null);
    }

    static PullBatch pulls(String id, String epoch, Map<String, Long> pulls) {
        return pulls(id, epoch, pulls, Map.of(), List.of());
    }

    /** A batch of pulls made now, without their allocation. */
    static PullBatch pulls(String id, String epoch, Map<String, Long> pulls, Map<String, UnitPull> units,
            List<TrackedMetric> metrics) {
        Map<String, ArmTotals> arms = new java.util.HashMap<>();
        pulls.forEach((arm, n) -> arms.put(arm, new ArmTotals(n, 0.0, Map.of())));
        return new PullBatch(id, epoch, List.of(new BucketTotals(System.currentTimeMillis(), 0, arms)), units,
                metrics);
    }

    /** Asserts an arm's pulls and its decision-level moments of one metric, to rounding. */
    static void assertArm(ExperimentStats stats, String arm, String metric, long pulls, long count, double sum,
            double sumOfSquares) {
        ArmStats actual = stats.arm(arm).armStats(metric);
        assertEquals(pulls, actual.pulls(), "pulls of " + arm);
        assertEquals(count, actual.rewardCount(), "values of " + arm + ":" + metric);
        assertEquals(sum, actual.rewardSum(), 1e-9 * Math.max(1, Math.abs(sum)), "sum of " + arm + ":" + metric);
        assertEquals(sumOfSquares, actual.rewardSumOfSquares(), 1e-9 * Math.max(1, sumOfSquares),
                "sum of squares of " + arm + ":" + metric);
    }

    static final RewardOutcome ACCEPTED = new RewardOutcome(true, List.of(true));
    static final RewardOutcome DUPLICATE = new RewardOutcome(true, List.of(false));

    @Test
    void savesAndReplacesWithOptimisticVersions() {
        String id = freshId();
        StoredExperiment created = create(id);
        long now = System.currentTimeMillis();
        assertEquals(new StoredExperiment(id, "{\"n\":1}", 1, "42", created.createdMillis()), created);
        assertTrue(Math.abs(created.createdMillis() - now) < 60_000, "created now, was " + created.createdMillis());
        assertEquals(Optional.of(created), store().find(id).await().atMost(WAIT));

        StoredExperiment replaced = store().save(id, "{\"n\":2}", 1, "99", Set.of(), null).await().atMost(WAIT)
                .orElseThrow();
        assertEquals(new StoredExperiment(id, "{\"n\":2}", 2, "42", created.createdMillis()), replaced,
                "the epoch and creation time survive a replace");

        assertEquals(Optional.empty(), store().save(id, "{\"n\":3}", 1, "99", Set.of(), null).await().atMost(WAIT),
                "a save based on an old version is refused");
        assertEquals(Optional.empty(), store().save(freshId(), "{}", 5, "1", Set.of(), null).await().atMost(WAIT),
                "a replace of an experiment that does not exist is refused");
    }

    @Test
    void listsByIdAndDeletes() {
        String b = "b" + freshId();
        String a = "a" + freshId();
        create(b);
        create(a);
        List<String> ids = store().list().await().atMost(WAIT).stream().map(StoredExperiment::id)
                .filter(id -> id.equals(a) || id.equals(b)).toList();
        assertEquals(List.of(a, b), ids);

        assertTrue(store().delete(a).await().atMost(WAIT));
        assertFalse(store().delete(a).await().atMost(WAIT));
        assertEquals(Optional.empty(), store().find(a).await().atMost(WAIT));
        assertTrue(store().list().await().atMost(WAIT).stream().noneMatch(e -> e.id().equals(a)));
    }

    @Test
    void countsPullsAndReturnsStatsOnRequest() {
        String id = freshId();
        create(id);
        SelectionOutcome first = store().recordSelection(select(id, "arm-a", false)).await().atMost(WAIT);
        assertTrue(first.current());
        assertEquals(new Assignment("arm-a", 0.5), first.assignment());
        assertEquals(1, first.version());
        assertNull(first.stats());

        SelectionOutcome second = store().recordSelection(select(id, "arm-a", true)).await().atMost(WAIT);
        assertEquals(2, second.stats().arm("arm-a").pulls());
        assertEquals(Set.of("arm-a"), second.stats().arms().keySet());
        assertEquals(second.stats(), store().stats(id).await().atMost(WAIT));
    }

    @Test
    void addsBatchesOfPulls() {
        String id = freshId();
        create(id);
        SelectionOutcome outcome = store().recordPulls(pulls(id, "42", Map.of("arm-a", 5L, "arm-b", 2L)), true)
                .await().atMost(WAIT);
        assertTrue(outcome.current());
        assertEquals(1, outcome.version());
        assertEquals(5, outcome.stats().arm("arm-a").pulls());
        assertEquals(2, outcome.stats().arm("arm-b").pulls());
        assertNull(store().recordPulls(pulls(id, "42", Map.of("arm-a", 1L)), false).await().atMost(WAIT).stats());
        assertFalse(store().recordPulls(pulls(id, "43", Map.of("arm-a", 1L)), false).await().atMost(WAIT).current(),
                "pulls of another incarnation are refused");
        assertEquals(6, store().stats(id).await().atMost(WAIT).arm("arm-a").pulls());
    }

    @Test
    void aBatchSentAgainCountsOnceAndANewerOneCounts() {
        String id = freshId();
        create(id);
        PullBatch first = pulls(id, "42", Map.of("arm-a", 3L)).sequenced(new BatchSequence("replica-1", 1));
        assertTrue(store().recordPulls(first, false).await().atMost(WAIT).current());
        SelectionOutcome again = store().recordPulls(first, true).await().atMost(WAIT);
        assertTrue(again.current(), "a batch sent again is answered as the first time");
        assertEquals(1, again.version());
        assertEquals(3, again.stats().arm("arm-a").pulls(), "the same replica, epoch and sequence count once");
        store().recordPulls(pulls(id, "42", Map.of("arm-a", 2L)).sequenced(new BatchSequence("replica-1", 2)), false)
                .await().atMost(WAIT);
        store().recordPulls(pulls(id, "42", Map.of("arm-a", 4L)).sequenced(new BatchSequence("replica-2", 1)), false)
                .await().atMost(WAIT);
        store().recordPulls(first, false).await().atMost(WAIT);
        assertEquals(9, store().stats(id).await().atMost(WAIT).arm("arm-a").pulls(),
                "a newer batch counts, another replica's first counts, an older one sent late does not");
    }

    @Test
    void stickyUnitsKeepTheirFirstArmUntilItIsRetired() {
        String id = freshId();
        create(id);
        long now = System.currentTimeMillis();
        Selection toA = new Selection(id, "42", new Assignment("arm-a", 0.3), new Sticky("user-1", MONTH), null,
                false, now, null);
        Selection toB = new Selection(id, "42", new Assignment("arm-b", 0.7), new Sticky("user-1", MONTH), null,
                false, now, null);
        assertEquals(new Assignment("arm-a", 0.3), store().recordSelection(toA).await().atMost(WAIT).assignment());
        assertEquals(new Assignment("arm-a", 0.3), store().recordSelection(toB).await().atMost(WAIT).assignment(),
                "the unit keeps its first arm and propensity");
        assertEquals(2, store().stats(id).await().atMost(WAIT).arm("arm-a").pulls());

        store().save(id, "{}", 1, "42", Set.of("arm-a"), null).await().atMost(WAIT).orElseThrow();
        assertEquals(new Assignment("arm-b", 0.7), store().recordSelection(toB).await().atMost(WAIT).assignment(),
                "a unit leaves a retired arm");
        assertEquals(new Assignment("arm-b", 0.7), store().recordSelection(toA).await().atMost(WAIT).assignment());
    }

    static final Duration MONTH = Duration.ofDays(30);

    /** Lets time pass for the store: a real server's clock is waited for (a store on a test clock moves it). */
    void letTimePass(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void stickyUnitsExpireWhenTheyDoNotComeBack() {
        String id = freshId();
        Duration ttl = Duration.ofSeconds(1);
        store().save(id, "{}", 0, "42", Set.of(), ttl).await().atMost(WAIT).orElseThrow();
        Selection toA = new Selection(id, "42", new Assignment("arm-a", 0.3), new Sticky("user-1", ttl), null, false, System.currentTimeMillis(), null);
        Selection toB = new Selection(id, "42", new Assignment("arm-b", 0.7), new Sticky("user-1", ttl), null, false, System.currentTimeMillis(), null);
        assertEquals("arm-a", store().recordSelection(toA).await().atMost(WAIT).assignment().arm());
        letTimePass(Duration.ofMillis(300));
        assertEquals("arm-a", store().recordSelection(toB).await().atMost(WAIT).assignment().arm(),
                "a unit back within its ttl keeps its arm");
        letTimePass(Duration.ofMillis(2_300));
        assertEquals("arm-b", store().recordSelection(toB).await().atMost(WAIT).assignment().arm(),
                "a unit away for more than twice its ttl is forgotten and gets the arm chosen now");
    }

    @Test
    void rewardsCountOncePerDecision() {
        String id = freshId();
        create(id);
        RewardRecord reward = decisionReward(id, "42", "token-1", "arm-a", 2.5);
        assertEquals(ACCEPTED, store().recordReward(reward).await().atMost(WAIT));
        assertEquals(DUPLICATE, store().recordReward(reward).await().atMost(WAIT));
        RewardRecord other = decisionReward(id, "42", "token-2", "arm-a", 1.0);
        assertEquals(ACCEPTED, store().recordReward(other).await().atMost(WAIT));

        assertArm(store().stats(id).await().atMost(WAIT), "arm-a", REWARD, 0, 2, 3.5, 2.5 * 2.5 + 1.0);
    }

    @Test
    void aBatchAppliesEachRewardAsIfAlone() {
        String id = freshId();
        create(id);
        RewardRecord first = decisionReward(id, "42", "token-1", "arm-a", 2.0);
        RewardRecord second = decisionReward(id, "42", "token-2", "arm-b", 1.0);
        RewardRecord ofAnEarlierEpoch = decisionReward(id, "41", "token-3", "arm-a", 5.0);
        List<RewardOutcome> outcomes = store().recordRewards(List.of(first, second, first, ofAnEarlierEpoch,
                directReward(id, "arm-a", 3.0))).await().atMost(WAIT);
        assertEquals(List.of(ACCEPTED, ACCEPTED, DUPLICATE, RewardOutcome.STALE, ACCEPTED), outcomes,
                "a decision rewarded twice in one batch counts once; another epoch's reward is refused");
        assertEquals(List.of(DUPLICATE), store().recordRewards(List.of(second)).await().atMost(WAIT),
                "and across batches");
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertArm(stats, "arm-a", REWARD, 1, 2, 5.0, 4.0 + 9.0);
        assertArm(stats, "arm-b", REWARD, 0, 1, 1.0, 1.0);
    }

    @Test
    void eachMetricOfADecisionCountsOnce() {
        String id = freshId();
        create(id);
        Credit click = new Credit("d1.click", "click", 1.0);
        Credit latency = new Credit("d1.latency", "latency", 230.0);
        RewardRecord both = new RewardRecord(id, "42", 60_000, "arm-a", false, null, List.of(),
                List.of(click, latency), System.currentTimeMillis());
        RewardRecord clickFirst = new RewardRecord(id, "42", 60_000, "arm-a", false, null, List.of(),
                List.of(click), System.currentTimeMillis());
        assertEquals(ACCEPTED, store().recordReward(clickFirst).await().atMost(WAIT));
        assertEquals(new RewardOutcome(true, List.of(false, true)), store().recordReward(both).await().atMost(WAIT),
                "the click was credited already; the latency was not");
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertArm(stats, "arm-a", "click", 0, 1, 1, 1);
        assertArm(stats, "arm-a", "latency", 0, 1, 230, 230 * 230);
    }

    @Test
    void directRewardsAreNotDeduplicated() {
        String id = freshId();
        create(id);
        RewardRecord direct = directReward(id, "arm-a", 1.0);
        assertEquals(ACCEPTED, store().recordReward(direct).await().atMost(WAIT));
        assertEquals(ACCEPTED, store().recordReward(direct).await().atMost(WAIT));
        assertArm(store().stats(id).await().atMost(WAIT), "arm-a", REWARD, 2, 2, 2, 2);
    }

    @Test
    void decisionsOfADeletedOrRecreatedExperimentAreStale() {
        String id = freshId();
        create(id);
        assertTrue(store().delete(id).await().atMost(WAIT));
        Selection selection = select(id, "arm-a", true);
        assertFalse(store().recordSelection(selection).await().atMost(WAIT).current());
        RewardRecord reward = decisionReward(id, "42", "token", "arm-a", 1);
        assertEquals(RewardOutcome.STALE, store().recordReward(reward).await().atMost(WAIT));

        StoredExperiment recreated = store().save(id, "{}", 0, "43", Set.of(), null).await().atMost(WAIT).orElseThrow();
        assertNotEquals("42", recreated.epoch());
        assertEquals(1, recreated.version());
        assertFalse(store().recordSelection(selection).await().atMost(WAIT).current());
        assertEquals(RewardOutcome.STALE, store().recordReward(reward).await().atMost(WAIT));
        assertEquals(ExperimentStats.EMPTY, store().stats(id).await().atMost(WAIT),
                "a recreated experiment starts from zero");
    }

    /** One step of a client: its index and the step's. */
    interface Step {
        void run(int client, int step) throws Exception;
    }

    /** Runs {@code steps} steps on each of {@code clients} threads at once, and waits for all of them. */
    static void concurrently(int clients, int steps, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                work.add(() -> {
                    for (int i = 0; i < steps; i++) {
                        step.run(client, i);
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRewardsAndSelectionsAreCountedExactly() throws Exception {
        String id = freshId();
        // Discounted with a half-life of ten years, so that the discounted sums are counted too: they lose less than
        // 1e-7 of their weight in the 45 s the test may take, while a lost update would be off by 1 in 3200.
        store().save(id, "{}", 0, "42", Set.of(), null, new Decay(new Discount(Discount.MAX), REWARD)).await()
                .atMost(WAIT).orElseThrow();
        int clients = 32;
        int perClient = 200;
        concurrently(clients, perClient, (client, i) -> {
            String arm = i % 2 == 0 ? "arm-a" : "arm-b";
            store().recordSelection(select(id, arm, false)).await().atMost(WAIT);
            RewardRecord reward = decisionReward(id, "42", client + "-" + i, arm, 1.0);
            store().recordReward(reward).await().atMost(WAIT);
            store().recordReward(reward).await().atMost(WAIT); // a retry: must not count again
        });
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        long half = (long) clients * perClient / 2;
        assertArm(stats, "arm-a", REWARD, half, half, half, half);
        assertArm(stats, "arm-b", REWARD, half, half, half, half);
        for (String arm : List.of("arm-a", "arm-b")) {
            ArmStats discounted = stats.arm(arm).discountedStats(REWARD);
            assertEquals(half, discounted.pulls(), half * 1e-7, "discounted pulls of " + arm);
            assertEquals(half, discounted.rewardCount(), half * 1e-7, "discounted rewards of " + arm);
            assertEquals(half, discounted.rewardSum(), half * 1e-7, "discounted sum of " + arm);
        }
    }

    /**
     * A reward of a contextual decision: its primary credit adds the features to the arm's linear totals, with a
     * guardrail credit that must not.
     */
    static RewardRecord contextualReward(String id, String token, String arm, Features x, double value) {
        return new RewardRecord(id, "42", 60_000, arm, false, null, List.of(),
                List.of(new Credit(token + "." + REWARD, REWARD, value), new Credit(token + ".latency", "latency",
                        120.0)), System.currentTimeMillis(), false, new LinearUpdate(REWARD, x));
    }

    @Test
    void linearTotalsAddEachFreshPrimaryCreditExactlyOnceUnderConcurrency() throws Exception {
        String id = freshId();
        create(id);
        FeatureSpace space = new FeatureSpace(32);
        int clients = 8;
        int perClient = 40;
        // Values whose products and sums are exact in binary (halves, small integers), so that the totals do not
        // depend on the order concurrent rewards arrive in, and can be compared bit for bit.
        Features[][] contexts = new Features[clients][perClient];
        double[][] values = new double[clients][perClient];
        LinearSums expectedA = LinearSums.empty(32);
        LinearSums expectedB = LinearSums.empty(32);
        for (int c = 0; c < clients; c++) {
            for (int i = 0; i < perClient; i++) {
                contexts[c][i] = space.encode(Map.of("device", i % 3 == 0 ? "mobile" : "desktop", "country",
                        "c" + (c % 4), "tenure_days", 0.5 * (i % 7) - 1.0, "returning", i % 2 == 0));
                values[c][i] = (c + i) % 3 == 0 ? 1.0 : 0.0;
                if (i % 2 == 0) {
                    expectedA = expectedA.plus(contexts[c][i].dense(), values[c][i]);
                } else {
                    expectedB = expectedB.plus(contexts[c][i].dense(), values[c][i]);
                }
            }
        }
        concurrently(clients, perClient, (client, i) -> {
            RewardRecord reward = contextualReward(id, client + "-" + i, i % 2 == 0 ? "arm-a" : "arm-b",
                    contexts[client][i], values[client][i]);
            store().recordReward(reward).await().atMost(WAIT);
            store().recordReward(reward).await().atMost(WAIT); // a retry: must not count again
        });
        // A reward without a linear update (of a context-free decision) leaves the totals alone.
        store().recordReward(decisionReward(id, "42", "plain", "arm-a", 1.0)).await().atMost(WAIT);
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertEquals(expectedA, stats.linear("arm-a").sums(32));
        assertEquals(expectedB, stats.linear("arm-b").sums(32));
        assertEquals(LinearTotals.EMPTY, stats.linear("arm-c"));
        assertArm(stats, "arm-a", REWARD, 0, clients * perClient / 2 + 1, stats.arm("arm-a").metric(REWARD).sum(),
                stats.arm("arm-a").armStats(REWARD).rewardSumOfSquares());
    }

    @Test
    void linearTotalsOfArbitraryFloatsReadBackExactly() {
        String id = freshId();
        create(id);
        FeatureSpace space = new FeatureSpace(16);
        java.util.Random random = new java.util.Random(7);
        LinearSums expected = LinearSums.empty(16);
        for (int i = 0; i < 30; i++) {
            Features x = space.encode(Map.of("a", random.nextGaussian(), "b", random.nextGaussian() * 3,
                    "plan", "p" + random.nextInt(3)));
            double r = random.nextDouble() * 10;
            expected = expected.plus(x.dense(), r);
            store().recordReward(contextualReward(id, "d" + i, "arm-a", x, r)).await().atMost(WAIT);
        }
        assertEquals(expected, store().stats(id).await().atMost(WAIT).linear("arm-a").sums(16),
                "totals written with 17 significant digits read back as the very doubles added in order");
    }

    @Test
    void aBatchAddsEachFreshRewardsFeaturesOnceWhateverTheEntriesItTouches() {
        // One script call per batch: each touched field is written once with the batch's sum. A decision rewarded
        // twice in the batch, and again in a later batch, adds its features once.
        String id = freshId();
        create(id);
        FeatureSpace space = new FeatureSpace(16);
        java.util.Random random = new java.util.Random(11);
        LinearSums expectedA = LinearSums.empty(16);
        LinearSums expectedB = LinearSums.empty(16);
        List<RewardRecord> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Features x = space.encode(Map.of("a", random.nextGaussian(), "plan", "p" + random.nextInt(3),
                    "mobile", random.nextBoolean()));
            double r = random.nextDouble();
            String arm = i % 3 == 0 ? "arm-b" : "arm-a";
            if (arm.equals("arm-a")) {
                expectedA = expectedA.plus(x.dense(), r);
            } else {
                expectedB = expectedB.plus(x.dense(), r);
            }
            RewardRecord reward = contextualReward(id, "b" + i, arm, x, r);
            batch.add(reward);
            if (i % 10 == 0) {
                batch.add(reward);
            }
        }
        store().recordRewards(batch).await().atMost(WAIT);
        store().recordRewards(batch.subList(0, 5)).await().atMost(WAIT);
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertLinearClose(expectedA, stats.linear("arm-a").sums(16));
        assertLinearClose(expectedB, stats.linear("arm-b").sums(16));
    }

    /** The same count, and sums equal up to the rounding of adding the same doubles grouped another way. */
    private static void assertLinearClose(LinearSums expected, LinearSums actual) {
        assertEquals(expected.n(), actual.n());
        for (int i = 0; i < expected.gram().length; i++) {
            assertEquals(expected.gram()[i], actual.gram()[i], 1e-12 * (1 + Math.abs(expected.gram()[i])));
        }
        for (int i = 0; i < expected.b().length; i++) {
            assertEquals(expected.b()[i], actual.b()[i], 1e-12 * (1 + Math.abs(expected.b()[i])));
        }
    }

    @Test
    void sharedTotalsGatherEveryArmsJointFeaturesInOneEntry() {
        // The shared model: each reward adds its decision's z(x, a) to the experiment's one entry, whichever the arm;
        // the arms' own linear totals stay empty, and the entry is no arm. In order, so the sums are bit for bit
        // those added here.
        String id = freshId();
        create(id);
        FeatureSpace space = new FeatureSpace(32);
        JointFeatures a = JointFeatures.of(space, "arm-a", Map.of("topic", "sports", "length", 0.4), "f");
        JointFeatures b = JointFeatures.of(space, "arm-b", Map.of("topic", "tech", "length", 0.8), "f");
        LinearSums expected = LinearSums.empty(32);
        for (int i = 0; i < 24; i++) {
            Features x = space.encode(Map.of("device", i % 3 == 0 ? "mobile" : "desktop", "hour", 0.25 * i));
            Features z = (i % 2 == 0 ? a : b).of(x);
            double r = i % 5 == 0 ? 1.0 : 0.0;
            expected = expected.plus(z.dense(), r);
            RewardRecord reward = new RewardRecord(id, "42", 60_000, i % 2 == 0 ? "arm-a" : "arm-b", false, null,
                    List.of(), List.of(new Credit("s" + i + "." + REWARD, REWARD, r)), System.currentTimeMillis(),
                    false, new LinearUpdate(REWARD, z, true));
            store().recordReward(reward).await().atMost(WAIT);
            store().recordReward(reward).await().atMost(WAIT); // a retry: must not count again
        }
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertEquals(expected, stats.shared().sums(32));
        assertEquals(24, stats.shared().count());
        assertEquals(LinearTotals.EMPTY, stats.linear("arm-a"));
        assertEquals(Set.of("arm-a", "arm-b"), stats.arms().keySet(), "the shared entry is no arm");
    }

    /** A unit's exposure through /select, as a user split records it. */
    static Selection exposure(String id, String arm, String unitKey, Map<String, Double> covariates) {
        return new Selection(id, "42", new Assignment(arm, 0.5), null, new UnitLevel(unitKey, covariates, METRICS),
                false, System.currentTimeMillis(), null);
    }

    static RewardRecord unitReward(String id, String token, String arm, String unitKey, String metric,
            double value) {
        return new RewardRecord(id, "42", 60_000, arm, false, unitKey, METRICS,
                List.of(new Credit(token + "." + metric, metric, value)), System.currentTimeMillis());
    }

    /** Asserts unit-level moments against the same moments built from the units' final values in one pass. */
    static void assertUnits(UnitMoments expected, UnitMoments actual) {
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-9 * Math.max(1, Math.abs(e[i])), "unit moment " + i);
        }
    }

    @Test
    void unitsAreCountedOnceWithTheirExposuresAndValues() {
        String id = freshId();
        create(id);
        // u1: 3 exposures in arm-a, 2 clicks, revenue 10 + 5; u2: 1 exposure in arm-a, nothing else;
        // u3: 2 exposures in arm-b (one buffered, one written through), 1 click.
        store().recordSelection(exposure(id, "arm-a", "u1", Map.of())).await().atMost(WAIT);
        store().recordPulls(pulls(id, "42", Map.of("arm-a", 3L, "arm-b", 1L),
                Map.of("u1", new UnitPull("arm-a", 2, Map.of()), "u2", new UnitPull("arm-a", 1, Map.of()),
                        "u3", new UnitPull("arm-b", 1, Map.of())), METRICS), false).await().atMost(WAIT);
        store().recordSelection(exposure(id, "arm-b", "u3", Map.of())).await().atMost(WAIT);
        store().recordReward(unitReward(id, "d1", "arm-a", "u1", "click", 1)).await().atMost(WAIT);
        store().recordReward(unitReward(id, "d2", "arm-a", "u1", "click", 1)).await().atMost(WAIT);
        store().recordReward(unitReward(id, "d2", "arm-a", "u1", "click", 1)).await().atMost(WAIT);
        store().recordReward(unitReward(id, "d1", "arm-a", "u1", "revenue", 10)).await().atMost(WAIT);
        store().recordReward(unitReward(id, "d3", "arm-a", "u1", "revenue", 5)).await().atMost(WAIT);
        store().recordReward(unitReward(id, "d4", "arm-b", "u3", "click", 1)).await().atMost(WAIT);

        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertEquals(2, stats.arm("arm-a").units());
        assertEquals(1, stats.arm("arm-b").units());
        assertEquals(4, stats.arm("arm-a").pulls());
        // Binary: x = exposures, y = clicks. Continuous: x = values received, y = their sum.
        assertUnits(UnitMoments.EMPTY.plus(3, 2, 0).plus(1, 0, 0), stats.arm("arm-a").metric("click").units());
        assertUnits(UnitMoments.EMPTY.plus(2, 15, 0).plus(0, 0, 0), stats.arm("arm-a").metric("revenue").units());
        assertUnits(UnitMoments.EMPTY.plus(2, 1, 0), stats.arm("arm-b").metric("click").units());
        assertArm(stats, "arm-a", "click", 4, 2, 2, 2);
    }

    @Test
    void aRewardBeforeItsBufferedExposureCountsTheUnitOnce() {
        String id = freshId();
        create(id);
        store().recordReward(unitReward(id, "d1", "arm-a", "u1", "click", 1)).await().atMost(WAIT);
        store().recordPulls(pulls(id, "42", Map.of("arm-a", 1L),
                Map.of("u1", new UnitPull("arm-a", 1, Map.of())), METRICS), false).await().atMost(WAIT);
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertEquals(1, stats.arm("arm-a").units());
        assertUnits(UnitMoments.EMPTY.plus(1, 1, 0), stats.arm("arm-a").metric("click").units());
    }

    @Test
    void aUnitStaysInTheArmItWasFirstCountedIn() {
        String id = freshId();
        create(id);
        store().recordSelection(exposure(id, "arm-a", "u1", Map.of())).await().atMost(WAIT);
        // A buffering store writes exposures later; "first" is the order in which the store records them.
        store().stats(id).await().atMost(WAIT);
        store().recordSelection(exposure(id, "arm-b", "u1", Map.of())).await().atMost(WAIT);
        store().recordReward(unitReward(id, "d2", "arm-b", "u1", "click", 1)).await().atMost(WAIT);
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertEquals(1, stats.arm("arm-a").units());
        assertEquals(0, stats.arm("arm-b").units());
        assertUnits(UnitMoments.EMPTY.plus(2, 1, 0), stats.arm("arm-a").metric("click").units());
        assertEquals(1, stats.arm("arm-b").pulls(), "decision-level counts stay with the arm served");
    }

    @Test
    void aUnitsFirstCovariateCountsAndCovariatesAloneCountNoUnit() {
        String id = freshId();
        create(id);
        assertTrue(store().recordCovariates(id, "42", METRICS, Map.of("u1", Map.of("revenue", 40.0),
                "u2", Map.of("revenue", 7.0))).await().atMost(WAIT));
        assertEquals(0, store().stats(id).await().atMost(WAIT).arm("arm-a").units(), "no exposure, no unit");
        store().recordSelection(exposure(id, "arm-a", "u1", Map.of("revenue", 99.0, "click", 0.25)))
                .await().atMost(WAIT);
        store().recordSelection(exposure(id, "arm-a", "u3", Map.of("revenue", 3.0))).await().atMost(WAIT);
        store().recordSelection(exposure(id, "arm-a", "u3", Map.of("revenue", 300.0))).await().atMost(WAIT);
        store().recordReward(unitReward(id, "d1", "arm-a", "u1", "revenue", 50)).await().atMost(WAIT);
        assertFalse(store().recordCovariates(id, "43", METRICS, Map.of("u1", Map.of("revenue", 1.0)))
                .await().atMost(WAIT), "covariates of another incarnation are refused");

        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertEquals(2, stats.arm("arm-a").units());
        assertUnits(UnitMoments.EMPTY.plus(1, 50, 40).plus(0, 0, 3), stats.arm("arm-a").metric("revenue").units());
        assertUnits(UnitMoments.EMPTY.plus(1, 0, 0.25).plus(2, 0, 0), stats.arm("arm-a").metric("click").units());
    }

    @Test
    void momentsKeepTheirDigitsAtLargeOffsets() {
        String id = freshId();
        create(id);
        double offset = 1e9;
        double[] deviations = {0.125, -0.5, 0.75, 0.0625, -0.25};
        for (int i = 0; i < deviations.length; i++) {
            store().recordReward(decisionReward(id, "42", "t" + i, "arm-a", offset + deviations[i]))
                    .await().atMost(WAIT);
            store().recordSelection(exposure(id, "arm-a", "u" + i, Map.of())).await().atMost(WAIT);
            store().recordReward(unitReward(id, "d" + i, "arm-a", "u" + i, "revenue", offset + deviations[i]))
                    .await().atMost(WAIT);
        }
        // Two-pass: the mean of the deviations, then the sum of squared deviations from it.
        double mean = 0;
        for (double d : deviations) {
            mean += d / deviations.length;
        }
        double m2 = 0;
        for (double d : deviations) {
            m2 += (d - mean) * (d - mean);
        }
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        MetricMoments values = stats.arm("arm-a").metric(REWARD);
        assertEquals(offset + mean, values.mean(), 1e-6);
        assertEquals(m2, values.sumOfSquaredDeviations(), 1e-6 * m2);
        UnitMoments units = stats.arm("arm-a").metric("revenue").units();
        assertEquals(offset + mean, units.meanY(), 1e-6);
        assertEquals(m2, units.cyy(), 1e-6 * m2);
    }

    @Test
    void runningSequentialResultsNeverMoveTheWrongWay() {
        String id = freshId();
        create(id);
        assertEquals(Map.of(), store().sequentialResults(id).await().atMost(WAIT));
        store().mergeSequentialResults(id, "42", Map.of("click:b",
                new RunningSequential(0.01, -0.5, Double.POSITIVE_INFINITY))).await().atMost(WAIT);
        assertTrue(store().mergeSequentialResults(id, "42", Map.of("click:b", new RunningSequential(0.2, -1, 0.25),
                "click:c", new RunningSequential(0.5, Double.NEGATIVE_INFINITY, 1))).await().atMost(WAIT));
        Map<String, RunningSequential> results = store().sequentialResults(id).await().atMost(WAIT);
        assertEquals(new RunningSequential(0.01, -0.5, 0.25), results.get("click:b"),
                "the smaller p-value and the intersection of the intervals");
        assertEquals(new RunningSequential(0.5, Double.NEGATIVE_INFINITY, 1), results.get("click:c"));
        assertFalse(store().mergeSequentialResults(id, "43", Map.of("click:b", RunningSequential.start()))
                .await().atMost(WAIT), "results of another incarnation are refused");
        store().delete(id).await().atMost(WAIT);
        create(id);
        assertEquals(Map.of(), store().sequentialResults(id).await().atMost(WAIT),
                "running results go with their experiment");
    }

    static final Resolution MINUTES = Resolutions.DEFAULT.finest();
    static final Resolution HOURS = Resolutions.DEFAULT.coarsest();

    private List<BucketTotals> history(String id, String epoch, Resolution level) {
        long now = System.currentTimeMillis();
        return store().history(id, epoch, level, now - level.retention().toMillis() - level.sizeMillis(),
                now + level.sizeMillis()).await().atMost(WAIT);
    }

    private static BucketTotals bucket(long startMillis, long decisions, Map<String, ArmTotals> arms) {
        return new BucketTotals(startMillis, decisions, arms);
    }

    private static Map<Long, Long> pullsByStart(List<BucketTotals> buckets, String arm) {
        Map<Long, Long> pulls = new java.util.TreeMap<>();
        buckets.forEach(b -> pulls.put(b.startMillis(), b.arm(arm).pulls()));
        return pulls;
    }

    @Test
    void historyCountsPullsInTheBucketOfTheirSelection() {
        String id = freshId();
        create(id);
        long boundary = MINUTES.start(System.currentTimeMillis()) - 10 * 60_000;
        long before = boundary - 1_000;
        long after = boundary + 1_000;
        Map<String, ArmTotals> early = Map.of("arm-a", new ArmTotals(3, 2.25, Map.of()),
                "arm-b", new ArmTotals(1, 0.75, Map.of()));
        Map<String, ArmTotals> late = Map.of("arm-a", new ArmTotals(2, 0.5, Map.of()));
        store().recordPulls(new PullBatch(id, "42", List.of(bucket(MINUTES.start(before), 3, early),
                bucket(MINUTES.start(after), 1, late)), Map.of(), List.of()), false).await().atMost(WAIT);

        List<BucketTotals> minutes = history(id, "42", MINUTES);
        assertEquals(Map.of(boundary - 60_000, 3L, boundary, 2L), pullsByStart(minutes, "arm-a"),
                "a batch spanning a minute boundary splits at it");
        assertEquals(0.75, minutes.get(0).allocation("arm-a"), 1e-12, "allocation sum over decisions");
        assertEquals(0.5, minutes.get(1).allocation("arm-a"), 1e-12);
        assertEquals(0.0, minutes.get(1).allocation("arm-b"), 1e-12);

        List<BucketTotals> hours = history(id, "42", HOURS);
        long pulledA = hours.stream().mapToLong(b -> b.arm("arm-a").pulls()).sum();
        assertEquals(5, pulledA, "the coarse level holds every pull once");
        assertEquals(store().stats(id).await().atMost(WAIT).arm("arm-a").pulls(), pulledA);
        assertEquals(RollUp.rollUp(minutes, HOURS.sizeMillis()).stream().map(b -> b.arm("arm-b").pulls()).toList(),
                hours.stream().map(b -> b.arm("arm-b").pulls()).toList(), "minutes roll up to the hours stored");
        assertEquals(List.of(), store().history(id, "43", MINUTES, 0, Long.MAX_VALUE / 2).await().atMost(WAIT),
                "another incarnation has no history");
    }

    @Test
    void historyKeepsDecisionsAndRewardsByTheirTime() {
        String id = freshId();
        create(id);
        long now = System.currentTimeMillis();
        long earlier = now - 3 * 60_000;
        Allocation allocation = new Allocation(List.of("arm-a", "arm-b"), new double[] {0.25, 0.75});
        store().recordSelection(new Selection(id, "42", new Assignment("arm-a", 0.25), new Sticky("unit-1", MONTH), null, false,
                earlier, allocation)).await().atMost(WAIT);
        store().recordSelection(new Selection(id, "42", new Assignment("arm-b", 0.75), null, null, false, earlier,
                allocation)).await().atMost(WAIT);
        store().recordReward(new RewardRecord(id, "42", 60_000, "arm-a", false, null, List.of(),
                List.of(new Credit("t1.reward", REWARD, 2.5)), now)).await().atMost(WAIT);
        store().recordReward(new RewardRecord(id, "42", 60_000, "arm-a", false, null, List.of(),
                List.of(new Credit("t1.reward", REWARD, 2.5)), now)).await().atMost(WAIT);
        store().recordReward(new RewardRecord(id, "42", 0, "arm-b", true, null, List.of(),
                List.of(new Credit(null, REWARD, 1.0)), now)).await().atMost(WAIT);

        List<BucketTotals> minutes = history(id, "42", MINUTES);
        BucketTotals decided = minutes.stream().filter(b -> b.startMillis() == MINUTES.start(earlier)).findFirst()
                .orElseThrow();
        assertEquals(1, decided.arm("arm-a").pulls(), "a sticky selection counts in its bucket");
        assertEquals(1, decided.arm("arm-b").pulls());
        assertEquals(2, decided.decisions());
        assertEquals(0.25, decided.allocation("arm-a"), 1e-12);
        assertEquals(0.75, decided.allocation("arm-b"), 1e-12);
        BucketTotals rewarded = minutes.stream().filter(b -> b.startMillis() == MINUTES.start(now)).findFirst()
                .orElseThrow();
        assertEquals(new MetricTotals(1, 2.5), rewarded.arm("arm-a").metric(REWARD),
                "a reward counts once, when it was received");
        assertEquals(new MetricTotals(1, 1.0), rewarded.arm("arm-b").metric(REWARD));
        assertEquals(1, rewarded.arm("arm-b").pulls(), "a direct reward counts its own pull");
        long historyPulls = history(id, "42", HOURS).stream().mapToLong(BucketTotals::pulls).sum();
        ExperimentStats stats = store().stats(id).await().atMost(WAIT);
        assertEquals(stats.arm("arm-a").pulls() + stats.arm("arm-b").pulls(), historyPulls);
    }

    @Test
    void historyOutsideItsRetentionIsNotKept() {
        String id = freshId();
        create(id);
        long twoDaysAgo = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
        store().recordPulls(new PullBatch(id, "42", List.of(bucket(MINUTES.start(twoDaysAgo), 0,
                Map.of("arm-a", new ArmTotals(4, 0.0, Map.of())))), Map.of(), List.of()), false).await().atMost(WAIT);
        assertEquals(List.of(), history(id, "42", MINUTES), "minutes are kept a day");
        assertEquals(Map.of(HOURS.start(twoDaysAgo), 4L), pullsByStart(history(id, "42", HOURS), "arm-a"),
                "hours are kept 90 days");
    }

    @Test
    void deletingAnExperimentDeletesItsHistory() {
        String id = freshId();
        create(id);
        store().recordPulls(pulls(id, "42", Map.of("arm-a", 2L)), false).await().atMost(WAIT);
        assertEquals(1, history(id, "42", MINUTES).size());
        store().delete(id).await().atMost(WAIT);
        assertEquals(List.of(), history(id, "42", MINUTES));
        assertEquals(List.of(), history(id, "42", HOURS));
    }

    /** The store under test, keeping decision logs within the given limits. */
    abstract StateStore storeWithLogLimits(LogLimits limits);

    static LogEntry.Decision logged(String token, String arm, double propensity) {
        return new LogEntry.Decision(token, System.currentTimeMillis(), "user-" + token, arm, propensity, "thompson",
                3);
    }

    static RewardRecord loggedReward(String id, String token, String arm, double value) {
        RewardRecord plain = decisionReward(id, "42", token, arm, value);
        return new RewardRecord(id, "42", plain.dedupeMillis(), arm, false, null, List.of(), plain.credits(),
                plain.atMillis(), true);
    }

    private List<LoggedEntry> log(StateStore store, String id, String after, int count) {
        return store.decisionLog(id, after, count).await().atMost(WAIT);
    }

    @Test
    void theDecisionLogKeepsDecisionsAndTheRewardsThatCounted() {
        String id = freshId();
        create(id);
        Selection one = new Selection(id, "42", new Assignment("arm-a", 0.25), null, null, false,
                System.currentTimeMillis(), null, logged("t1", "arm-a", 0.25));
        store().recordSelection(one).await().atMost(WAIT);
        PullBatch batch = pulls(id, "42", Map.of("arm-b", 2L));
        store().recordPulls(new PullBatch(id, "42", batch.buckets(), Map.of(), List.of(),
                List.of(logged("t2", "arm-b", 0.75), logged("t3", "arm-b", 0.75))), false).await().atMost(WAIT);
        store().recordRewards(List.of(loggedReward(id, "t2", "arm-b", 1), loggedReward(id, "t2", "arm-b", 1),
                decisionReward(id, "42", "t3", "arm-b", 1), directReward(id, "arm-a", 1))).await().atMost(WAIT);
        assertEquals(ACCEPTED, store().recordReward(loggedReward(id, "t1", "arm-a", 0)).await().atMost(WAIT));
        assertEquals(DUPLICATE, store().recordReward(loggedReward(id, "t1", "arm-a", 1)).await().atMost(WAIT));

        List<LoggedEntry> all = log(store(), id, null, 100);
        List<String> seen = all.stream().map(e -> (e.entry() instanceof LogEntry.Decision ? "d:" : "r:")
                + e.entry().decision() + ":" + e.entry().arm()).toList();
        assertEquals(List.of("d:t1:arm-a", "d:t2:arm-b", "d:t3:arm-b", "r:t2:arm-b", "r:t1:arm-a"), seen,
                "each decision once; each counted credit of a logged reward once, a repeated or unlogged one never");
        assertEquals(logged("t1", "arm-a", 0.25).unit(), ((LogEntry.Decision) all.get(0).entry()).unit());
        assertEquals(0.75, ((LogEntry.Decision) all.get(1).entry()).propensity());
        assertEquals(3, ((LogEntry.Decision) all.get(1).entry()).version());
        LogEntry.Reward reward = (LogEntry.Reward) all.get(3).entry();
        assertEquals(REWARD, reward.metric());
        assertEquals(1.0, reward.value());
        assertEquals(0.0, ((LogEntry.Reward) all.get(4).entry()).value());

        assertEquals(all.subList(2, 5), log(store(), id, all.get(1).id(), 100), "read after a cursor");
        assertEquals(all.subList(0, 2), log(store(), id, null, 2), "at most count");
        assertEquals(List.of(), log(store(), id, all.get(4).id(), 100));
    }

    @Test
    void aDecisionsContextIsLoggedWithIt() {
        String id = freshId();
        create(id);
        String context = Context.of(Map.of("device", "mobile", "country", "de", "hour", 13,
                "tenure_days", 2.5, "returning", true, "plan", "pro")).json();
        LogEntry.Decision plain = logged("c0", "arm-a", 0.5);
        LogEntry.Decision withContext = new LogEntry.Decision("c1", plain.atMillis(), plain.unit(), "arm-b", 0.5,
                "thompson", 3, context);
        store().recordPulls(new PullBatch(id, "42", List.of(), Map.of(), List.of(), List.of(plain, withContext)),
                false).await().atMost(WAIT);
        LogEntry.Decision sticky = new LogEntry.Decision("c2", plain.atMillis(), "user-1", "arm-a", 0.25, "thompson",
                3, context);
        store().recordSelection(new Selection(id, "42", new Assignment("arm-a", 0.25), new Sticky("user-1", MONTH),
                null, false, plain.atMillis(), null, sticky)).await().atMost(WAIT);

        List<LogEntry> read = log(store(), id, null, 10).stream().map(LoggedEntry::entry).toList();
        assertEquals(List.of(plain, withContext, sticky), read, "the context as written, and none when none was");
        assertNull(((LogEntry.Decision) read.get(0)).context());
        assertEquals("{\"country\":\"de\",\"device\":\"mobile\",\"hour\":13,\"plan\":\"pro\",\"returning\":true,"
                + "\"tenure_days\":2.5}", ((LogEntry.Decision) read.get(1)).context());
    }

    @Test
    void aStickyUnitsLogEntryHasTheArmItWasCountedIn() {
        String id = freshId();
        create(id);
        long now = System.currentTimeMillis();
        store().recordSelection(new Selection(id, "42", new Assignment("arm-a", 0.3), new Sticky("user-1", MONTH),
                null, false, now, null, logged("s1", "arm-a", 0.3))).await().atMost(WAIT);
        store().recordSelection(new Selection(id, "42", new Assignment("arm-b", 0.7), new Sticky("user-1", MONTH),
                null, false, now, null, logged("s2", "arm-b", 0.7))).await().atMost(WAIT);
        List<LoggedEntry> all = log(store(), id, null, 10);
        assertEquals(2, all.size());
        LogEntry.Decision kept = (LogEntry.Decision) all.get(1).entry();
        assertEquals("s2", kept.decision());
        assertEquals("arm-a", kept.arm(), "the unit kept its first arm");
        assertEquals(0.3, kept.propensity(), "and its first propensity");
    }

    @Test
    void nothingIsLoggedForAnotherIncarnation() {
        String id = freshId();
        create(id);
        PullBatch batch = pulls(id, "41", Map.of("arm-b", 1L));
        store().recordPulls(new PullBatch(id, "41", batch.buckets(), Map.of(), List.of(),
                List.of(logged("old", "arm-b", 0.5))), false).await().atMost(WAIT);
        RewardRecord stale = loggedReward(id, "old", "arm-b", 1);
        store().recordReward(new RewardRecord(id, "41", stale.dedupeMillis(), "arm-b", false, null, List.of(),
                stale.credits(), stale.atMillis(), true)).await().atMost(WAIT);
        assertEquals(List.of(), log(store(), id, null, 10));
    }

    @Test
    void theDecisionLogIsTrimmedToItsLengthAndDeletedWithItsExperiment() {
        StateStore store = storeWithLogLimits(new LogLimits(50, 0));
        String id = freshId();
        store.save(id, "{\"n\":1}", 0, "42", Set.of(), null).await().atMost(WAIT).orElseThrow();
        int appended = 0;
        for (int call = 0; call < 10; call++) {
            List<LogEntry.Decision> entries = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                entries.add(logged("x" + appended++, "arm-a", 0.5));
            }
            store.recordPulls(new PullBatch(id, "42", List.of(), Map.of(), List.of(), entries), false)
                    .await().atMost(WAIT);
        }
        List<LoggedEntry> kept = log(store, id, null, 10_000);
        // Redis trims whole stream nodes (MAXLEN ~), of stream-node-max-entries = 100 entries by default.
        assertTrue(kept.size() >= 50 && kept.size() <= 150, "kept " + kept.size() + " of " + appended);
        assertEquals("x" + (appended - 1), kept.get(kept.size() - 1).entry().decision(), "the newest are kept");
        assertTrue(store.delete(id).await().atMost(WAIT));
        assertEquals(List.of(), log(store, id, null, 10));
    }

    @Test
    void theFirstSecretWins() {
        String first = store().sharedSecret("secret-one-" + UUID.randomUUID()).await().atMost(WAIT);
        assertEquals(first, store().sharedSecret("secret-two").await().atMost(WAIT));
    }

    /** The shortest half-life a policy accepts, so that waits stay short. */
    static final Decay DECAY = new Decay(new Discount(Discount.MIN), REWARD);

    /**
     * How far the store's clock (the wall clock, by Redis or in milliseconds) may run ahead of the test's monotonic
     * one over a measured interval.
     */
    static final double CLOCK_SLACK_SECONDS = 0.01;

    private void createDiscounted(String id) {
        store().save(id, "{}", 0, "42", Set.of(), null, DECAY).await().atMost(WAIT).orElseThrow();
    }

    @Test
    void discountedSumsLoseHalfTheirWeightEveryHalfLife() {
        String id = freshId();
        createDiscounted(id);
        long start = System.nanoTime();
        store().recordRewards(List.of(directReward(id, "arm-a", 2.0), decisionReward(id, "42", "t-1", "arm-a", 4.0),
                directReward(id, "arm-b", 1.0))).await().atMost(WAIT);
        letTimePass(Discount.MIN);
        ExperimentStats later = store().stats(id).await().atMost(WAIT);
        double realSeconds = (System.nanoTime() - start) / 1e9 + CLOCK_SLACK_SECONDS;

        // The store's time moved by one half-life at least (and, for a real clock, by the time waited at most).
        ArmStats a = later.arm("arm-a").discountedStats(REWARD);
        double factor = a.pulls();
        assertTrue(factor <= 0.5 + 1e-12 && factor >= Math.pow(2, -Math.max(1.0, realSeconds)) - 1e-12,
                "one half-life halves the evidence, factor " + factor + " after " + realSeconds + " s");
        assertEquals(2 * factor, a.rewardCount(), 1e-12, "every sum by the same factor");
        assertEquals(6 * factor, a.rewardSum(), 1e-12);
        assertEquals(20 * factor, a.rewardSumOfSquares(), 1e-12);
        assertEquals(new ArmStats(factor, factor, factor, factor), later.arm("arm-b").discountedStats(REWARD),
                "arms written together are read as of one instant");
        assertArm(later, "arm-a", REWARD, 1, 2, 6.0, 20.0);

        ExperimentStats after = store().recordPulls(pulls(id, "42", Map.of("arm-a", 1L)), true).await().atMost(WAIT)
                .stats();
        double pulls = after.arm("arm-a").discountedStats(REWARD).pulls();
        assertTrue(pulls > 1 && pulls <= 1 + factor + 1e-12, "a new pull counts whole: " + pulls);
    }

    @Test
    void selectionsAndPullsAreDiscountedUntilThePolicyStopsDiscounting() {
        String plain = freshId();
        create(plain);
        store().recordSelection(select(plain, "arm-a", false)).await().atMost(WAIT);
        assertEquals(Map.of(), store().stats(plain).await().atMost(WAIT).arm("arm-a").discounted(),
                "a policy that does not discount has no discounted sums");

        String id = freshId();
        createDiscounted(id);
        long start = System.nanoTime();
        SelectionOutcome selected = store().recordSelection(select(id, "arm-a", true)).await().atMost(WAIT);
        assertEquals(new ArmStats(1, 0, 0, 0), selected.stats().arm("arm-a").discountedStats(REWARD),
                "the statistics returned with a write are read as of that write");
        ExperimentStats batch = store().recordPulls(pulls(id, "42", Map.of("arm-a", 2L, "arm-b", 3L)), true)
                .await().atMost(WAIT).stats();
        double realSeconds = (System.nanoTime() - start) / 1e9 + CLOCK_SLACK_SECONDS;
        double a = batch.arm("arm-a").discountedStats(REWARD).pulls();
        assertTrue(a <= 3 && a >= 2 + Math.pow(2, -realSeconds) - 1e-12, "arm-a's earlier pull has aged: " + a);
        assertEquals(3.0, batch.arm("arm-b").discountedStats(REWARD).pulls(), 1e-12);

        store().save(id, "{}", 1, "42", Set.of(), null, null).await().atMost(WAIT).orElseThrow();
        store().recordSelection(select(id, "arm-b", false)).await().atMost(WAIT);
        ExperimentStats stopped = store().stats(id).await().atMost(WAIT);
        assertEquals(4, stopped.arm("arm-b").pulls());
        assertEquals(3.0, stopped.arm("arm-b").discountedStats(REWARD).pulls(), 1e-12,
                "a policy that stopped discounting leaves the discounted sums as they were");
    }
}
