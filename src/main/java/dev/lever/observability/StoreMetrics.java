package dev.lever.observability;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/** What the state store reports: the time of each call to Redis, and the state of its outage buffer. */
public interface StoreMetrics {

    /** Reports nothing: for a store built outside the container. */
    StoreMetrics NONE = new StoreMetrics() {
        @Override
        public LongConsumer roundTrip(String operation) {
            return nanos -> { };
        }

        @Override
        public void outage(BooleanSupplier unreachable, LongSupplier bufferedPulls, LongSupplier droppedPulls) {
            // Nothing to read them.
        }
    };

    /**
     * The recorder of one kind of call's round trips in nanoseconds, the {@code operation} label of
     * {@code lever_redis_round_trip_seconds}; resolved once per kind, not per call.
     */
    LongConsumer roundTrip(String operation);

    /**
     * Where the gauges read the store's state, at each scrape.
     *
     * @param unreachable whether this replica finds the store unreachable ({@code lever_degraded})
     * @param bufferedPulls pulls counted in this replica and not yet added to the store
     *     ({@code lever_pull_buffer_size})
     * @param droppedPulls pulls served but never counted because the outage buffer was full, since the start
     *     ({@code lever_pulls_dropped_total})
     */
    void outage(BooleanSupplier unreachable, LongSupplier bufferedPulls, LongSupplier droppedPulls);
}
