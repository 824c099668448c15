package dev.lever.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.error.LeverException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicaAcksSettingsTest {

    @Test
    void settingsAreCheckedAtStartupWithTheirNames() {
        assertEquals("lever.store.replica-acks must be 0 or more, was -1", assertThrows(
                IllegalArgumentException.class, () -> new ReplicaAcks(-1, Duration.ofMillis(100))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReplicaAcks(1, Duration.ZERO))
                .getMessage().startsWith("lever.store.replica-ack-timeout must be above 0"));
        assertFalse(new ReplicaAcks(0, Duration.ZERO).enabled());
    }

    @Test
    void aWriteIsConfirmedByAsManyReplicasAsAskedOrMore() {
        ReplicaAcks two = new ReplicaAcks(2, Duration.ofMillis(100));
        assertFalse(two.confirmedBy(1));
        assertTrue(two.confirmedBy(2));
        assertTrue(two.confirmedBy(3));
        LeverException unconfirmed = two.unconfirmed(1, "retry");
        assertEquals(LeverException.Kind.UNCONFIRMED, unconfirmed.kind());
        assertEquals(503, unconfirmed.kind().status());
        assertTrue(unconfirmed.getMessage().contains("1 of the 2 replicas"), unconfirmed.getMessage());
    }
}
