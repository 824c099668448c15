package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.policy.ArmStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
        return store().save(id, "{\"n\":1}", 0, "42", Set.of()).await().atMost(WAIT).orElseThrow();
    }

    private static Map<String, Double> reward(String arm, double value) {
        Map<String, Double> increments = new HashMap<>();
        StatsFields.addValue(increments, arm, StatsFields.REWARD, value);
        return increments;
    }

    /** A reward of one metric for a decision, deduplicated by its token. */
    static RewardRecord decisionReward(String id, String epoch, String token, Map<String, Double> increments) {
        return new RewardRecord(id, epoch, 60_000, List.of(new Credit(token, increments)));
    }

    static RewardRecord directReward(String id, Map<String, Double> increments) {
        return new RewardRecord(id, "42", 0, List.of(new Credit(null, increments)));
    }

    static final RewardOutcome ACCEPTED = new RewardOutcome(true, List.of(true));
    static final RewardOutcome DUPLICATE = new RewardOutcome(true, List.of(false));

    @Test
    void savesAndReplacesWithOptimisticVersions() {
        String id = freshId();
        StoredExperiment created = create(id);
        assertEquals(new StoredExperiment(id, "{\"n\":1}", 1, "42"), created);
        assertEquals(Optional.of(created), store().find(id).await().atMost(WAIT));

        StoredExperiment replaced = store().save(id, "{\"n\":2}", 1, "99", Set.of()).await().atMost(WAIT)
                .orElseThrow();
        assertEquals(new StoredExperiment(id, "{\"n\":2}", 2, "42"), replaced, "the epoch survives a replace");

        assertEquals(Optional.empty(), store().save(id, "{\"n\":3}", 1, "99", Set.of()).await().atMost(WAIT),
                "a save based on an old version is refused");
        assertEquals(Optional.empty(), store().save(freshId(), "{}", 5, "1", Set.of()).await().atMost(WAIT),
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
        SelectionOutcome first = store().recordSelection(
                new Selection(id, "42", new Assignment("arm-a", 0.5), null, false))
                .await().atMost(WAIT);
        assertTrue(first.current());
        assertEquals(new Assignment("arm-a", 0.5), first.assignment());
        assertEquals(1, first.version());
        assertNull(first.stats());

        SelectionOutcome second = store().recordSelection(
                new Selection(id, "42", new Assignment("arm-a", 0.25), null, true))
                .await().atMost(WAIT);
        assertEquals(Map.of(StatsFields.pulls("arm-a"), 2.0), second.stats());
        assertEquals(Map.of(StatsFields.pulls("arm-a"), 2.0), store().stats(id).await().atMost(WAIT));
    }

    @Test
    void addsBatchesOfPulls() {
        String id = freshId();
        create(id);
        SelectionOutcome outcome = store().recordPulls(id, "42", Map.of("arm-a", 5L, "arm-b", 2L), true)
                .await().atMost(WAIT);
        assertTrue(outcome.current());
        assertEquals(1, outcome.version());
        assertEquals(Map.of(StatsFields.pulls("arm-a"), 5.0, StatsFields.pulls("arm-b"), 2.0), outcome.stats());
        assertNull(store().recordPulls(id, "42", Map.of("arm-a", 1L), false).await().atMost(WAIT).stats());
        assertFalse(store().recordPulls(id, "43", Map.of("arm-a", 1L), false).await().atMost(WAIT).current(),
                "pulls of another incarnation are refused");
        assertEquals(6.0, store().stats(id).await().atMost(WAIT).get(StatsFields.pulls("arm-a")));
    }

    @Test
    void stickyUnitsKeepTheirFirstArmUntilItIsRetired() {
        String id = freshId();
        create(id);
        Selection toA = new Selection(id, "42", new Assignment("arm-a", 0.3), "user-1", false);
        Selection toB = new Selection(id, "42", new Assignment("arm-b", 0.7), "user-1", false);
        assertEquals(new Assignment("arm-a", 0.3), store().recordSelection(toA).await().atMost(WAIT).assignment());
        assertEquals(new Assignment("arm-a", 0.3), store().recordSelection(toB).await().atMost(WAIT).assignment(),
                "the unit keeps its first arm and propensity");
        assertEquals(2.0, store().stats(id).await().atMost(WAIT).get(StatsFields.pulls("arm-a")));

        store().save(id, "{}", 1, "42", Set.of("arm-a")).await().atMost(WAIT).orElseThrow();
        assertEquals(new Assignment("arm-b", 0.7), store().recordSelection(toB).await().atMost(WAIT).assignment(),
                "a unit leaves a retired arm");
        assertEquals(new Assignment("arm-b", 0.7), store().recordSelection(toA).await().atMost(WAIT).assignment());
    }

    @Test
    void rewardsCountOncePerDecision() {
        String id = freshId();
        create(id);
        RewardRecord reward = decisionReward(id, "42", "token-1", reward("arm-a", 2.5));
        assertEquals(ACCEPTED, store().recordReward(reward).await().atMost(WAIT));
        assertEquals(DUPLICATE, store().recordReward(reward).await().atMost(WAIT));
        RewardRecord other = decisionReward(id, "42", "token-2", reward("arm-a", 1.0));
        assertEquals(ACCEPTED, store().recordReward(other).await().atMost(WAIT));

        ArmStats stats = StatsFields.armStats(store().stats(id).await().atMost(WAIT), "arm-a", StatsFields.REWARD);
        assertEquals(new ArmStats(0, 2, 3.5, 2.5 * 2.5 + 1.0), stats);
    }

    @Test
    void eachMetricOfADecisionCountsOnce() {
        String id = freshId();
        create(id);
        Map<String, Double> click = new HashMap<>();
        StatsFields.addValue(click, "arm-a", "click", 1.0);
        Map<String, Double> latency = new HashMap<>();
        StatsFields.addValue(latency, "arm-a", "latency", 230.0);
        RewardRecord both = new RewardRecord(id, "42", 60_000,
                List.of(new Credit("d1.click", click), new Credit("d1.latency", latency)));
        RewardRecord clickFirst = new RewardRecord(id, "42", 60_000, List.of(new Credit("d1.click", click)));
        assertEquals(ACCEPTED, store().recordReward(clickFirst).await().atMost(WAIT));
        assertEquals(new RewardOutcome(true, List.of(false, true)), store().recordReward(both).await().atMost(WAIT),
                "the click was credited already; the latency was not");
        Map<String, Double> stats = store().stats(id).await().atMost(WAIT);
        assertEquals(new ArmStats(0, 1, 1, 1), StatsFields.armStats(stats, "arm-a", "click"));
        assertEquals(new ArmStats(0, 1, 230, 230 * 230), StatsFields.armStats(stats, "arm-a", "latency"));
    }

    @Test
    void directRewardsAreNotDeduplicated() {
        String id = freshId();
        create(id);
        Map<String, Double> increments = reward("arm-a", 1.0);
        increments.put(StatsFields.pulls("arm-a"), 1.0);
        RewardRecord direct = directReward(id, increments);
        assertEquals(ACCEPTED, store().recordReward(direct).await().atMost(WAIT));
        assertEquals(ACCEPTED, store().recordReward(direct).await().atMost(WAIT));
        assertEquals(new ArmStats(2, 2, 2, 2),
                StatsFields.armStats(store().stats(id).await().atMost(WAIT), "arm-a", StatsFields.REWARD));
    }

    @Test
    void decisionsOfADeletedOrRecreatedExperimentAreStale() {
        String id = freshId();
        create(id);
        assertTrue(store().delete(id).await().atMost(WAIT));
        Selection selection = new Selection(id, "42", new Assignment("arm-a", 1.0), null, true);
        assertFalse(store().recordSelection(selection).await().atMost(WAIT).current());
        RewardRecord reward = decisionReward(id, "42", "token", reward("arm-a", 1));
        assertEquals(RewardOutcome.STALE, store().recordReward(reward).await().atMost(WAIT));

        StoredExperiment recreated = store().save(id, "{}", 0, "43", Set.of()).await().atMost(WAIT).orElseThrow();
        assertNotEquals("42", recreated.epoch());
        assertEquals(1, recreated.version());
        assertFalse(store().recordSelection(selection).await().atMost(WAIT).current());
        assertEquals(RewardOutcome.STALE, store().recordReward(reward).await().atMost(WAIT));
        assertEquals(Map.of(), store().stats(id).await().atMost(WAIT), "a recreated experiment starts from zero");
    }

    @Test
    void concurrentRewardsAndSelectionsAreCountedExactly() throws Exception {
        String id = freshId();
        create(id);
        int clients = 32;
        int perClient = 200;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                work.add(() -> {
                    for (int i = 0; i < perClient; i++) {
                        String arm = i % 2 == 0 ? "arm-a" : "arm-b";
                        store().recordSelection(new Selection(id, "42", new Assignment(arm, 0.5), null, false)).await().atMost(WAIT);
                        String token = client + "-" + i;
                        RewardRecord reward = decisionReward(id, "42", token, reward(arm, 1.0));
                        store().recordReward(reward).await().atMost(WAIT);
                        store().recordReward(reward).await().atMost(WAIT); // a retry: must not count again
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
        Map<String, Double> stats = store().stats(id).await().atMost(WAIT);
        long half = (long) clients * perClient / 2;
        assertEquals(new ArmStats(half, half, half, half), StatsFields.armStats(stats, "arm-a", StatsFields.REWARD));
        assertEquals(new ArmStats(half, half, half, half), StatsFields.armStats(stats, "arm-b", StatsFields.REWARD));
    }

    @Test
    void theFirstSecretWins() {
        String first = store().sharedSecret("secret-one-" + UUID.randomUUID()).await().atMost(WAIT);
        assertEquals(first, store().sharedSecret("secret-two").await().atMost(WAIT));
    }
}
