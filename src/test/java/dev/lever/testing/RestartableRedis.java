package dev.lever.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * A Redis server of one test class alone, which the test may stop and start again on the same port; its data
 * survive the restart (written to a temporary directory on the way down). Like {@link TestRedis}, it is
 * {@code redis-server} from the PATH, or the embedded-redis binary when there is none.
 */
public class RestartableRedis implements QuarkusTestResourceLifecycleManager {

    private static Server server;

    /** The server of the running test class. */
    public static Server server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new Server();
        server.start();
        return Map.of("quarkus.redis.hosts", server.uri(), "lever.store.type", "redis");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.kill();
            server = null;
        }
    }

    /** One restartable redis-server on a free loopback port. */
    public static final class Server {

        private final int port;
        private final Path dir;
        private Process process;
        private RedisServer embedded;

        Server() {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port", e);
            }
            try {
                dir = Files.createTempDirectory("lever-test-redis");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public String uri() {
            return "redis://127.0.0.1:" + port;
        }

        /** Starts the server, loading what it saved when it was stopped. */
        public synchronized void start() {
            List<String> settings = List.of("--bind", "127.0.0.1", "--dir", dir.toString(), "--dbfilename",
                    "dump.rdb", "--save", "", "--appendonly", "no");
            try {
                Path binary = onPath();
                if (binary != null) {
                    List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--port",
                            Integer.toString(port)));
                    command.addAll(settings);
                    process = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                } else {
                    embedded = new RedisServer(port, settings, false);
                    embedded.start();
                }
                awaitPing();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start a test Redis on port " + port, e);
            }
        }

        /**
         * Stops the server as an outage would, but without losing what it applied: writes are paused first, so no
         * script runs whose answer could be lost on the way down, and the data are saved.
         */
        public synchronized void stop() {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                out.write("CLIENT PAUSE 10000 WRITE\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String paused = in.readLine();
                if (!"+OK".equals(paused)) {
                    throw new IllegalStateException("CLIENT PAUSE answered " + paused);
                }
                out.write("SHUTDOWN SAVE\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.readLine(); // the connection closes
            } catch (IOException e) {
                // The server closed the connection on its way down.
            }
            awaitExit();
        }

        /** Stops the server at once and removes its data. */
        synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
            }
            if (embedded != null) {
                try {
                    embedded.stop();
                } catch (IOException e) {
                    // Stopped already.
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // A temporary directory: the system cleans it eventually.
            }
        }

        private void awaitExit() {
            try {
                if (process != null) {
                    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test Redis did not stop within 10 s");
                    }
                    process = null;
                } else if (embedded != null) {
                    embedded.stop();
                    embedded = null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (IOException e) {
                embedded = null;
            }
        }

        private void awaitPing() throws IOException {
            TestRedis.awaitPing(port);
        }

        private static Path onPath() {
            if ("true".equals(System.getenv("LEVER_TEST_EMBEDDED_REDIS"))) {
                return null;
            }
            String path = System.getenv("PATH");
            if (path == null) {
                return null;
            }
            for (String entry : path.split(File.pathSeparator)) {
                Path candidate = Path.of(entry, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /**
     * Waits (at most 10 s) until the replica no longer finds the store unreachable: a test before may have stopped
     * this Redis and left the replica's probe to notice it is back.
     */
    public static void awaitReachable(dev.lever.store.StoreAvailability availability) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (availability.down() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
