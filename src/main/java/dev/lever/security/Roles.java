package dev.lever.security;

import java.util.Set;

/**
 * The three roles an API key grants. An admin key also holds the client and viewer roles, so each resource names
 * only the least role its call needs.
 */
public final class Roles {

    /** Manages experiments and credits arms directly. */
    public static final String ADMIN = "admin";
    /** Asks for decisions and rewards them by decision id: the calls an app makes in its request path. */
    public static final String CLIENT = "client";
    /** Reads experiments and analyses and plans sample sizes; changes nothing. */
    public static final String VIEWER = "viewer";

    private Roles() {
    }

    /** The roles held by a key configured under {@code role}. */
    static Set<String> grantedBy(String role) {
        return ADMIN.equals(role) ? Set.of(ADMIN, CLIENT, VIEWER) : Set.of(role);
    }

    /** Every role: what a request holds when authentication is disabled. */
    static Set<String> all() {
        return Set.of(ADMIN, CLIENT, VIEWER);
    }

    /** How a problem detail names the keys that may make a call needing {@code role}. */
    public static String describe(String role) {
        return ADMIN.equals(role) ? "an admin key" : "a " + role + " or admin key";
    }
}
