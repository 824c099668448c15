package dev.lever.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Lever keeps experiments and statistics. */
@ConfigMapping(prefix = "lever.store")
public interface StoreConfig {

    /** The kinds of store. */
    enum Type {
        /** Redis at {@code quarkus.redis.hosts}, shared by every replica. */
        REDIS,
        /** This process's memory: one replica only, lost on restart. */
        MEMORY
    }

    /**
     * {@code redis} (shared by all replicas; the default) or {@code memory} (a single process; the default in dev
     * mode, so that {@code quarkus:dev} needs nothing else running).
     */
    @WithDefault("redis")
    Type type();

    /**
     * With Redis: how long this replica may hold the pull counts of non-sticky selections before adding them to
     * Redis in one batch. Most selections then cost no Redis round trip. A hard crash can lose at most this much of
     * the pull counts (never a reward); {@code 0s} writes every pull through, one round trip per selection.
     */
    @WithDefault("10ms")
    java.time.Duration pullFlush();

    /**
     * With Redis: how long a call on the request path (a selection, a pull flush or statistics refresh, a reward,
     * the readiness ping) waits for Redis before it counts as unanswered. A hanging Redis then
     * turns selections degraded within this time, and rewards into 503 answers, instead of holding them. A command
     * that timed out may still run on Redis later: a direct reward (one without a decision id, so not
     * deduplicated) retried after a timeout may then count twice, as may a sticky selection's pull (written
     * through). A batch of buffered pulls does not: it is sent again with its sequence number, which Redis applies
     * once.
     */
    @WithDefault("250ms")
    java.time.Duration timeout();

    /**
     * With Redis: how long the other calls wait for Redis (loading an experiment into a replica, the shared
     * signing key, saving, listing and deleting experiments, covariates in bulk, analyses): they are rare, may
     * carry much more work than one selection, and a fresh replica's first ones also open connections and load
     * scripts. During an outage they fail at once rather than wait.
     */
    @WithDefault("5s")
    java.time.Duration adminTimeout();

    /**
     * With Redis and pulls added in batches: the most units' exposures (of experiments analysed per user or
     * session) this replica keeps while Redis cannot be reached. A selection that would need one more is still
     * answered, but neither its pull nor its exposure is counted; such pulls are logged and counted. Pull counts of
     * other experiments are one counter per arm and always kept.
     */
    @WithDefault("100000")
    int degradedBuffer();

    /**
     * With Redis: the most rewards of one experiment that one script call carries. Rewards that arrive while the
     * experiment's previous call is on its way wait for it and then go together (group commit): no added wait at
     * low traffic, one round trip for many rewards under load. Each reward is acknowledged only once its call
     * succeeded. {@code 1} sends every reward alone.
     */
    @WithDefault("128")
    int rewardBatch();

    /**
     * With Redis: how many replicas must confirm a write before Lever acknowledges it (Redis {@code WAIT}, on the
     * connection that made the write): rewards, covariates, experiment changes and the shared signing key. {@code 0}
     * (the default) acknowledges once the primary has applied the write, which a failover can lose if the replica
     * promoted had not received it yet. With {@code 1} or more, a write that fewer replicas confirm within
     * {@code replica-ack-timeout} answers 503: it is stored on the primary but not confirmed, and retrying it is
     * safe (a reward by decision id counts once). Pull counts are not waited for.
     */
    @WithDefault("0")
    int replicaAcks();

    /**
     * With {@code replica-acks} above 0: how long a write waits for its replicas' confirmations, on top of
     * {@code timeout} (or {@code admin-timeout}).
     */
    @WithDefault("100ms")
    java.time.Duration replicaAckTimeout();
}
