package dev.lever.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The configured API keys and the roles each grants, validated when the service starts: a key shorter than
 * {@value #MIN_LENGTH} characters, or authentication enabled with no key at all, stops the start with a message that
 * says which property to fix.
 *
 * <p>Only SHA-256 digests of the keys are kept. A presented key is digested and compared with every configured digest
 * by {@link MessageDigest#isEqual}, without stopping at a match, so neither the time taken nor the comparison of
 * digests of equal length tells an attacker how much of a key was right or how long it is. No key is ever logged.
 */
@Startup
@ApplicationScoped
public class ApiKeys {

    /** 16 random characters of base64 carry 96 bits: beyond guessing at any request rate. */
    static final int MIN_LENGTH = 16;

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    /** One configured key: its digest, the roles it grants, and a name safe to show (role and position). */
    private record Entry(byte[] digest, Set<String> roles, String name) {
    }

    private final boolean enabled;
    private final List<Entry> entries;

    @Inject
    ApiKeys(AuthConfig config) {
        this(config.enabled(), config.adminKeys().orElse(List.of()), config.clientKeys().orElse(List.of()),
                config.viewerKeys().orElse(List.of()));
        if (enabled) {
            LOG.infof("API keys required: %d admin, %d client, %d viewer", count(Roles.ADMIN), count(Roles.CLIENT),
                    count(Roles.VIEWER));
        } else {
            LOG.warn("lever.auth.enabled=false: the API is OPEN, every caller may change and delete experiments. "
                    + "Set lever.auth.enabled=true and configure lever.auth.admin-keys (and client-keys, viewer-keys) "
                    + "before exposing this service.");
        }
    }

    /**
     * @throws IllegalStateException when a key is shorter than {@value #MIN_LENGTH} characters, or when
     *     {@code enabled} and no key is configured
     */
    ApiKeys(boolean enabled, List<String> adminKeys, List<String> clientKeys, List<String> viewerKeys) {
        this.enabled = enabled;
        List<Entry> all = new ArrayList<>();
        add(all, Roles.ADMIN, adminKeys);
        add(all, Roles.CLIENT, clientKeys);
        add(all, Roles.VIEWER, viewerKeys);
        if (enabled && all.isEmpty()) {
            throw new IllegalStateException("lever.auth.enabled is true but no API key is configured: set "
                    + "lever.auth.admin-keys (LEVER_AUTH_ADMIN_KEYS), and client-keys or viewer-keys as needed, "
                    + "or set lever.auth.enabled=false to run an open API (never in production)");
        }
        this.entries = List.copyOf(all);
    }

    /** Whether calls need a key; when not, every request holds every role. */
    boolean enabled() {
        return enabled;
    }

    /** The name (role and position, never the key) and roles of a configured key, if {@code key} is one. */
    Optional<Match> match(String key) {
        byte[] presented = sha256(key);
        Entry found = null;
        Set<String> roles = new HashSet<>();
        for (Entry entry : entries) {
            // Every entry is compared, so the time taken does not depend on which key matched.
            if (MessageDigest.isEqual(presented, entry.digest())) {
                roles.addAll(entry.roles());
                found = found == null ? entry : found;
            }
        }
        return found == null ? Optional.empty() : Optional.of(new Match(found.name(), Set.copyOf(roles)));
    }

    /** A presented key that is configured: a loggable name and the roles it grants. */
    record Match(String name, Set<String> roles) {
    }

    private long count(String role) {
        return entries.stream().filter(e -> e.name().startsWith(role + " ")).count();
    }

    private static void add(List<Entry> into, String role, List<String> keys) {
        int position = 0;
        for (String raw : keys) {
            position++;
            String key = raw.strip();
            if (key.isEmpty()) {
                continue;
            }
            if (key.length() < MIN_LENGTH) {
                throw new IllegalStateException("lever.auth." + role + "-keys: key " + position + " is "
                        + key.length() + " characters; API keys must be at least " + MIN_LENGTH
                        + " characters (e.g. head -c 24 /dev/urandom | base64)");
            }
            into.add(new Entry(sha256(key), Roles.grantedBy(role), role + " key " + position));
        }
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
