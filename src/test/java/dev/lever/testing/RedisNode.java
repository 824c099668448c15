package dev.lever.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;

/**
 * One {@code redis-server} process (a data node or, with {@code --sentinel}, a sentinel) of a test topology, on a
 * free loopback port, with its own temporary directory. The binary is {@code redis-server} from the PATH, or the one
 * shipped in the embedded-redis test artifact when there is none (or {@code LEVER_TEST_EMBEDDED_REDIS=true}).
 */
public final class RedisNode {

    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)");

    private final int port;
    private final Path dir;
    private final Process process;

    private RedisNode(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts a node with the given settings (after its port, bind address and directory) and waits until it answers
     * {@code PING}.
     *
     * @param configFile a configuration file written into the node's directory first (a sentinel needs one it can
     *     rewrite), or {@code null}
     */
    static RedisNode start(String configFile, List<String> settings) {
        int port = freePort();
        Path dir;
        try {
            dir = Files.createTempDirectory("lever-test-redis-" + port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for a test Redis", e);
        }
        List<String> command = new ArrayList<>(List.of(binary().toString()));
        try {
            if (configFile != null) {
                Path config = dir.resolve("redis.conf");
                Files.writeString(config, configFile, StandardCharsets.UTF_8);
                command.add(config.toString());
            }
            command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir",
                    dir.toString()));
            command.addAll(settings);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisNode node = new RedisNode(port, dir, process);
            try {
                TestRedis.awaitPing(port);
            } catch (IOException e) {
                String log = node.log();
                node.remove();
                throw new IllegalStateException("test Redis " + command + " did not start: " + log, e);
            }
            return node;
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, with the password when there is one. */
    public String uri(String password) {
        return password == null ? "redis://127.0.0.1:" + port : "redis://:" + password + "@127.0.0.1:" + port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL), as a crash would: nothing is saved, connections are reset. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Freezes the process (SIGSTOP), as a stalled machine would: its connections stay open, it answers nothing and
     * acknowledges nothing until {@link #resume()}.
     */
    public void pause() {
        signal("-STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send " + signal + " to test Redis " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the process if it still runs and removes its directory. */
    void remove() {
        kill();
        deleteRecursively(dir);
    }

    /** The last lines the node logged, for failure messages. */
    String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The redis-server binary the topologies use. */
    static Path binary() {
        if (!"true".equals(System.getenv("LEVER_TEST_EMBEDDED_REDIS"))) {
            String path = System.getenv("PATH");
            if (path != null) {
                for (String entry : path.split(File.pathSeparator)) {
                    Path candidate = Path.of(entry, "redis-server");
                    if (Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        try {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no redis-server on the PATH and no embedded-redis binary for this "
                    + "platform", e);
        }
    }

    /**
     * Why the binary cannot run the sentinel and cluster topologies (it is missing, or older than Redis 7.0, whose
     * {@code cluster-port} and {@code CLUSTER ADDSLOTSRANGE} the harness uses), or {@code null} when it can.
     */
    public static String unsupported() {
        Path binary;
        try {
            binary = binary();
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        try {
            Process version = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor(10, TimeUnit.SECONDS);
            Matcher matcher = VERSION.matcher(text);
            if (!matcher.find()) {
                return binary + " --version did not say its version: " + text;
            }
            int major = Integer.parseInt(matcher.group(1));
            int minor = Integer.parseInt(matcher.group(2));
            if (major < 7) {
                return binary + " is Redis " + major + "." + minor + "; the topology tests need 7.0 or newer";
            }
            return null;
        } catch (IOException e) {
            return "cannot run " + binary + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** For {@code @EnabledIf}: the binary can run sentinels and clusters. */
    public static boolean topologiesSupported() {
        return unsupported() == null;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A temporary directory: the system cleans it eventually.
        }
    }
}
