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
}
