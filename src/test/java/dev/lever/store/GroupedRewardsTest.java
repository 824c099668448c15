package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Group commit: rewards arriving while a batch is in flight go together in the next one, each answered alone. */
class GroupedRewardsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A store whose batch calls answer only when the test releases them, and fail while told to. */
    private static final class HeldStore extends ForwardingStateStore {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> releases = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        HeldStore() {
            super(new InMemoryStateStore());
        }

        @Override
        public Uni<List<RewardOutcome>> recordRewards(List<RewardRecord> rewards) {
            batchSizes.add(rewards.size());
            CompletableFuture<Void> release = new CompletableFuture<>();
            releases.add(release);
            return Uni.createFrom().completionStage(release).chain(() -> failing.get()
                    ? Uni.createFrom().failure(new IllegalStateException("store unreachable"))
                    : delegate.recordRewards(rewards));
        }

        void releaseNext() {
            releases.stream().filter(r -> !r.isDone()).findFirst().orElseThrow().complete(null);
        }
    }

    private static RewardRecord reward(String token, String arm) {
        return StateStoreContract.decisionReward("grouped", "42", token, arm, 1.0);
    }

    @Test
    void rewardsArrivingDuringACallGoTogetherInTheNext() {
        HeldStore held = new HeldStore();
        held.save("grouped", "{}", 0, "42", Set.of(), null).await().atMost(WAIT);
        GroupedRewards grouped = new GroupedRewards(held, 3);

        CompletableFuture<RewardOutcome> first = grouped.recordReward(reward("t0", "a")).subscribeAsCompletionStage();
        List<CompletableFuture<RewardOutcome>> waiting = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            waiting.add(grouped.recordReward(reward("t" + i, "b")).subscribeAsCompletionStage());
        }
        // The retry of t1 in the same batch is a duplicate, as it would be alone.
        waiting.add(grouped.recordReward(reward("t1", "b")).subscribeAsCompletionStage());
        assertEquals(List.of(1), held.batchSizes, "the first reward went alone, at once");

        held.releaseNext();
        assertEquals(StateStoreContract.ACCEPTED, first.join());
        assertEquals(List.of(1, 3), held.batchSizes, "the next call carries those that waited, up to the limit");
        held.releaseNext();
        assertEquals(List.of(1, 3, 2), held.batchSizes);
        held.releaseNext();
        List<RewardOutcome> outcomes = waiting.stream().map(CompletableFuture::join).toList();
        assertEquals(List.of(StateStoreContract.ACCEPTED, StateStoreContract.ACCEPTED, StateStoreContract.ACCEPTED,
                StateStoreContract.ACCEPTED, StateStoreContract.DUPLICATE), outcomes);
        assertEquals(4, held.stats("grouped").await().atMost(WAIT).arm("b").armStats("reward").rewardCount());
    }

    @Test
    void aFailedCallFailsEveryRewardOfItsBatchAndAppliesNone() {
        HeldStore held = new HeldStore();
        held.save("grouped", "{}", 0, "42", Set.of(), null).await().atMost(WAIT);
        GroupedRewards grouped = new GroupedRewards(held, 128);

        CompletableFuture<RewardOutcome> first = grouped.recordReward(reward("t0", "a")).subscribeAsCompletionStage();
        CompletableFuture<RewardOutcome> second = grouped.recordReward(reward("t1", "a")).subscribeAsCompletionStage();
        CompletableFuture<RewardOutcome> third = grouped.recordReward(reward("t2", "a")).subscribeAsCompletionStage();
        held.failing.set(true);
        held.releaseNext();
        held.releaseNext();
        for (CompletableFuture<RewardOutcome> answer : List.of(first, second, third)) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, failed.getCause());
        }
        assertEquals(List.of(1, 2), held.batchSizes);
        assertEquals(0, held.stats("grouped").await().atMost(WAIT).arm("a").armStats("reward").rewardCount(),
                "nothing of a failed batch is applied");

        held.failing.set(false);
        CompletableFuture<RewardOutcome> retry = grouped.recordReward(reward("t1", "a")).subscribeAsCompletionStage();
        held.releaseNext();
        assertEquals(StateStoreContract.ACCEPTED, retry.join(), "the retry counts: the failed batch applied nothing");
    }
}
