package dev.lever.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A Redis server of the tests' own, on a free loopback port, shared by every test of the JVM and stopped when it
 * exits. It is {@code redis-server} from the PATH when there is one, otherwise the binary shipped in the
 * embedded-redis test artifact (set {@code LEVER_TEST_EMBEDDED_REDIS=true} to force that). Tests never touch any
 * other Redis, so they cannot flush data they do not own.
 */
public final class TestRedis {

    private static TestRedis instance;

    private final int port;
    private final String kind;

    private TestRedis(int port, String kind) {
        this.port = port;
        this.kind = kind;
    }

    /** The running server, started on first use. */
    public static synchronized TestRedis get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public int port() {
        return port;
    }

    /** Which server runs: {@code redis-server from PATH} or {@code embedded-redis}. */
    public String kind() {
        return kind;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    private static TestRedis start() {
        int port = freePort();
        Path binary = "true".equals(System.getenv("LEVER_TEST_EMBEDDED_REDIS")) ? null : onPath("redis-server");
        try {
            if (binary != null) {
                Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
                awaitPing(port);
                return new TestRedis(port, "redis-server from PATH");
            }
            RedisServer server = new RedisServer(port);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    // The JVM is exiting; the server process dies with it.
                }
            }));
            awaitPing(port);
            return new TestRedis(port, "embedded-redis");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test Redis on port " + port, e);
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Waits up to 10 s for a Redis server on the port to answer PING (or to ask for its password). */
    static void awaitPing(int port) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = new byte[7];
                int read = in.read(reply);
                String answer = read > 0 ? new String(reply, 0, read, StandardCharsets.US_ASCII) : "";
                // A server that requires a password answers NOAUTH: it is up all the same.
                if (answer.startsWith("+PONG") || answer.startsWith("-NOAUTH")) {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("test Redis on port " + port + " did not answer PING within 10 s", e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the test Redis", e);
            }
        }
    }
}
