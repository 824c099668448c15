package dev.lever.store;

import dev.lever.error.LeverException;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;

/**
 * How many replicas must confirm an acknowledged write, and how long to wait for them: Redis {@code WAIT replicas
 * timeout}, sent right after the write on the same connection, answers how many replicas have received every write
 * that connection made so far.
 *
 * @param replicas 0 to acknowledge once the primary has applied a write
 * @param timeout how long {@code WAIT} blocks at most
 */
record ReplicaAcks(int replicas, Duration timeout) {

    static final ReplicaAcks NONE = new ReplicaAcks(0, Duration.ZERO);

    ReplicaAcks {
        if (replicas < 0) {
            throw new IllegalArgumentException("lever.store.replica-acks must be 0 or more, was " + replicas);
        }
        if (replicas > 0 && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("lever.store.replica-ack-timeout must be above 0 when "
                    + "lever.store.replica-acks is set (WAIT with 0 blocks forever), was " + timeout);
        }
    }

    boolean enabled() {
        return replicas > 0;
    }

    /** The {@code WAIT} to send after a write. */
    Request waitRequest() {
        return Request.cmd(Command.WAIT).arg(replicas).arg(timeout.toMillis());
    }

    /** True when {@code WAIT} answered at least the replicas asked for. */
    boolean confirmedBy(long replicasThatAcknowledged) {
        return replicasThatAcknowledged >= replicas;
    }

    /**
     * The answer to a write stored on the primary that too few replicas confirmed in time.
     *
     * @param confirmed how many replicas did
     * @param retry what a retry of the request does, for the client
     */
    LeverException unconfirmed(long confirmed, String retry) {
        return new LeverException(LeverException.Kind.UNCONFIRMED, null, "stored on the Redis primary, but "
                + confirmed + " of the " + replicas + " replicas lever.store.replica-acks asks for confirmed it "
                + "within " + timeout.toMillis() + " ms, so a failover could still lose it; " + retry);
    }
}
