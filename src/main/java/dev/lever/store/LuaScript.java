package dev.lever.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script from {@code src/main/resources/lua/}, run with {@code EVALSHA}; when the server does not know it yet
 * (after a restart or a failover: {@code NOSCRIPT}) it is sent once with {@code EVAL}, which also caches it. A batch
 * fails as a whole on its first error reply, so a batch that starts with an unknown script is sent again whole.
 */
final class LuaScript {

    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1(source);
    }

    /**
     * The script {@code lua/<name>.lua}, after the shared functions of {@code lua/lib/moments.lua},
     * {@code lua/lib/history.lua}, {@code lua/lib/decisionlog.lua}, {@code lua/lib/decay.lua} and
     * {@code lua/lib/linear.lua}.
     */
    static LuaScript load(String name) {
        return new LuaScript(name, resource("/lua/lib/moments.lua") + "\n" + resource("/lua/lib/history.lua")
                + "\n" + resource("/lua/lib/decisionlog.lua") + "\n" + resource("/lua/lib/decay.lua") + "\n"
                + resource("/lua/lib/linear.lua") + "\n"
                + resource("/lua/" + name + ".lua"));
    }

    private static String resource(String path) {
        try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script resource " + path, e);
        }
    }

    /** Runs the script with the given keys and arguments. */
    Uni<Response> run(Redis redis, String[] keys, String... args) {
        return redis.send(request(Command.EVALSHA, sha1, keys, args))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
    }

    /**
     * Runs the script and then {@code then} on the same connection, in one batch (on Redis Cluster the batch goes to
     * the node of the script's keys, since {@code then} has none); answers every reply, the script's first.
     */
    Uni<List<Response>> runThen(Redis redis, String[] keys, String[] args, Request then) {
        return redis.batch(List.of(request(Command.EVALSHA, sha1, keys, args), then))
                .onFailure(LuaScript::isNoScript)
                .recoverWithUni(() -> redis.batch(List.of(request(Command.EVAL, source, keys, args), then)));
    }

    String name() {
        return name;
    }

    private static Request request(Command command, String script, String[] keys, String[] args) {
        Request request = Request.cmd(command).arg(script).arg(keys.length);
        for (String key : keys) {
            request.arg(key);
        }
        for (String arg : args) {
            request.arg(arg);
        }
        return request;
    }

    /** The server lacks the script; in a batch the error comes prefixed (e.g. {@code ERR [0] NOSCRIPT ...}). */
    private static boolean isNoScript(Throwable failure) {
        String message = failure.getMessage();
        return message != null && (message.startsWith("NOSCRIPT") || message.contains(" NOSCRIPT "));
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
