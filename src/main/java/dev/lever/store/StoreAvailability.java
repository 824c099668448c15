package dev.lever.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Whether this replica reaches its state store, as the store's last answer (or failure to answer) said, and what an
 * outage cost: the pulls kept in the replica meanwhile and those dropped because the buffer was full.
 *
 * <p>An outage is logged once when it starts and once when it ends, whatever the traffic. While it lasts,
 * {@link BufferedPulls} serves selections without calling the store and probes it in the background. Reading
 * {@link #down()} is one volatile read, cheap enough for every selection.
 */
public final class StoreAvailability {

    private static final Logger LOG = Logger.getLogger(StoreAvailability.class);

    /** The current outage, or {@code null} while the store answers. */
    private final AtomicReference<Outage> outage = new AtomicReference<>();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicLong droppedLogEntries = new AtomicLong();

    private static final class Outage {
        final long startNanos = System.nanoTime();
        final AtomicLong buffered = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
    }

    /** True from the store's first failure to answer until its next answer. */
    public boolean down() {
        return outage.get() != null;
    }

    /** The store answered a command; ends the outage, if there was one. */
    void answered() {
        if (outage.get() == null) {
            return;
        }
        Outage ended = outage.getAndSet(null);
        if (ended != null) {
            Duration lasted = Duration.ofNanos(System.nanoTime() - ended.startNanos);
            LOG.infof("State store reachable again after %d ms; %d pulls kept in this replica meanwhile are being "
                    + "added, %d dropped (buffer full)", lasted.toMillis(), ended.buffered.get(),
                    ended.dropped.get());
        }
    }

    /** The store did not answer a command; starts an outage, if none was under way. */
    void failed(Throwable failure) {
        if (outage.get() == null && outage.compareAndSet(null, new Outage())) {
            LOG.warnf("State store unreachable (%s): selections of loaded experiments are answered from their last "
                    + "statistics and marked degraded, their pulls kept in this replica; rewards answer 503 until "
                    + "it is back", failure.getMessage());
        }
    }

    /** A pull kept in this replica during an outage, to be added when the store is back. */
    void buffered() {
        Outage current = outage.get();
        if (current != null) {
            current.buffered.incrementAndGet();
        }
    }

    /** A pull not counted because the outage buffer was full. */
    void dropped(int limit) {
        droppedTotal.incrementAndGet();
        Outage current = outage.get();
        if (current != null && current.dropped.getAndIncrement() == 0) {
            LOG.warnf("Outage buffer full (%d units' exposures): further pulls of experiments analysed per unit are "
                    + "served but not counted until the state store is back", limit);
        }
    }

    /** Pulls this replica served but never counted because the outage buffer was full, since it started. */
    public long droppedPulls() {
        return droppedTotal.get();
    }

    /**
     * Decision log entries left out of the log: their decisions were served and counted, but the buffer that holds
     * entries until they are written was full, or writing them failed. Logged at the first drop and then at every
     * power of two, so a long outage does not flood the log.
     */
    void droppedLogEntries(int count, String why) {
        long before = droppedLogEntries.getAndAdd(count);
        long after = before + count;
        if (Long.highestOneBit(after) != Long.highestOneBit(before) || before == 0) {
            LOG.warnf("%d decision log entries dropped so far (decisions served and counted, left out of the log): %s",
                    after, why);
        }
    }

    /** Decision log entries dropped since this replica started, see {@link #droppedLogEntries(int, String)}. */
    public long droppedLogEntries() {
        return droppedLogEntries.get();
    }
}
