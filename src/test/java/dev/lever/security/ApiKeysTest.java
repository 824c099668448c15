package dev.lever.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The startup checks of the configured keys, and what a key grants. */
class ApiKeysTest {

    private static final String ADMIN = "admin-key-0123456789abcdef";
    private static final String CLIENT = "client-key-0123456789abcdef";

    @Test
    void aKeyShorterThan16CharactersStopsTheStartNamingItsRoleButNotItsValue() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ApiKeys(true, List.of(ADMIN), List.of("short-key-15chr"), List.of()));
        assertTrue(e.getMessage().contains("lever.auth.client-keys: key 1 is 15 characters"), e.getMessage());
        assertFalse(e.getMessage().contains("short-key-15chr"), e.getMessage());
    }

    @Test
    void enabledWithoutAnyKeyStopsTheStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ApiKeys(true, List.of(), List.of(" "), List.of()));
        assertTrue(e.getMessage().contains("no API key is configured"), e.getMessage());
        assertFalse(new ApiKeys(false, List.of(), List.of(), List.of()).enabled());
    }

    @Test
    void anAdminKeyHoldsEveryRoleAndAClientKeyOnlyItsOwn() {
        ApiKeys keys = new ApiKeys(true, List.of(ADMIN), List.of(CLIENT), List.of());
        assertEquals(Set.of(Roles.ADMIN, Roles.CLIENT, Roles.VIEWER), keys.match(ADMIN).orElseThrow().roles());
        assertEquals(Set.of(Roles.CLIENT), keys.match(CLIENT).orElseThrow().roles());
        assertEquals("client key 1", keys.match(CLIENT).orElseThrow().name());
        assertTrue(keys.match(CLIENT + " ").isEmpty());
        assertTrue(keys.match("").isEmpty());
    }
}
