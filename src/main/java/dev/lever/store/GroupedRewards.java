package dev.lever.store;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group commit for rewards: the rewards of one experiment that arrive while its previous batch is on its way to the
 * store go together in the next one, as one script call ({@link StateStore#recordRewards}). At low traffic a reward
 * goes alone, at once, so it waits for nothing; under load, each round trip carries every reward that arrived
 * during the last one (at most {@code maxBatch}), so rewards cost the store one call per batch instead of one each.
 *
 * <p>Each caller is answered only when its batch's call has answered, with its own reward's outcome: an
 * acknowledged reward is in the store exactly as if it had gone alone. The batch is one atomic script, so a
 * failure (the store unreachable, a timeout) fails every reward of the batch and applies none of them, and each
 * caller's retry is safe as ever (the decision's dedup marker makes it count once).
 */
final class GroupedRewards extends ForwardingStateStore {

    private final int maxBatch;
    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();

    /** @param maxBatch the most rewards one call carries (1: every reward goes alone) */
    GroupedRewards(StateStore delegate, int maxBatch) {
        super(delegate);
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
    }

    private record Waiting(RewardRecord reward, CompletableFuture<RewardOutcome> answer) {
    }

    /** One experiment's rewards waiting for the batch in flight; every access holds its monitor. */
    private static final class Queue {
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        boolean inFlight;
    }

    @Override
    public Uni<RewardOutcome> recordReward(RewardRecord reward) {
        Waiting waiting = new Waiting(reward, new CompletableFuture<>());
        // Uni is lazy: the reward joins a batch when the caller subscribes, as a direct call to the store would.
        return Uni.createFrom().completionStage(() -> {
            enqueue(waiting);
            return waiting.answer();
        });
    }

    private void enqueue(Waiting waiting) {
        String experiment = waiting.reward().experiment();
        while (true) {
            Queue queue = queues.computeIfAbsent(experiment, id -> new Queue());
            List<Waiting> batch;
            synchronized (queue) {
                if (queues.get(experiment) != queue) {
                    continue; // the queue went idle and was removed meanwhile: use the current one
                }
                queue.waiting.add(waiting);
                if (queue.inFlight) {
                    return;
                }
                queue.inFlight = true;
                batch = take(queue);
            }
            send(experiment, queue, batch);
            return;
        }
    }

    private List<Waiting> take(Queue queue) {
        List<Waiting> batch = new ArrayList<>(Math.min(queue.waiting.size(), maxBatch));
        while (batch.size() < maxBatch && !queue.waiting.isEmpty()) {
            batch.add(queue.waiting.poll());
        }
        return batch;
    }

    private void send(String experiment, Queue queue, List<Waiting> batch) {
        List<RewardRecord> rewards = batch.stream().map(Waiting::reward).toList();
        Uni<List<RewardOutcome>> call;
        try {
            call = delegate.recordRewards(rewards);
        } catch (RuntimeException e) {
            call = Uni.createFrom().failure(e);
        }
        call.subscribe().with(outcomes -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(outcomes.get(i));
            }
            next(experiment, queue);
        }, failure -> {
            batch.forEach(waiting -> waiting.answer().completeExceptionally(failure));
            next(experiment, queue);
        });
    }

    /** Sends what arrived during the last call, or lets the queue go idle. */
    private void next(String experiment, Queue queue) {
        List<Waiting> batch;
        synchronized (queue) {
            if (queue.waiting.isEmpty()) {
                queue.inFlight = false;
                queues.remove(experiment, queue);
                return;
            }
            batch = take(queue);
        }
        send(experiment, queue, batch);
    }
}
