package dev.lever.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the tests' Redis that a test can silence: from then on it accepts connections and reads
 * requests but never answers, as a hung Redis or a network that drops packets would. Points a
 * {@code @QuarkusTest} at the proxy. It can also {@link #holdReplies() hold the replies}: commands reach Redis and
 * run, and their answers arrive only when {@link #releaseReplies() released}, after the caller's timeout, as from an
 * overloaded Redis or a congested network.
 */
public class SilentRedisProxy implements QuarkusTestResourceLifecycleManager {

    private static volatile SilentRedisProxy running;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private volatile boolean silent;
    /** Whether Redis' answers wait in the proxy; guarded by {@code this}. */
    private boolean holding;

    /** The proxy of the running test class. */
    public static SilentRedisProxy proxy() {
        return running;
    }

    /** From now on, nothing reaches Redis and nothing comes back. */
    public void silence() {
        silent = true;
    }

    /** From now on, commands reach Redis, and its answers wait here until {@link #releaseReplies()}. */
    public synchronized void holdReplies() {
        holding = true;
    }

    /** Sends the held answers, in order, and every later one at once. */
    public synchronized void releaseReplies() {
        holding = false;
        notifyAll();
    }

    private synchronized void awaitReleased() throws InterruptedException {
        while (holding) {
            wait();
        }
    }

    /** The proxy's address, for a client created by the test itself. */
    public String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public Map<String, String> start() {
        int redisPort = TestRedis.get().port();
        try {
            server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    sockets.add(client);
                    Socket upstream = new Socket("127.0.0.1", redisPort);
                    sockets.add(upstream);
                    pump(client, upstream, false);
                    pump(upstream, client, true);
                } catch (IOException e) {
                    // Closed: the test is over.
                }
            }
        }, "silent-redis-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        running = this;
        // The production bound on the request path: what HangingRedisTest checks calls return within.
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + server.getLocalPort(), "lever.store.type",
                "redis", "lever.store.timeout", "250ms");
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (replies) {
                        awaitReleased();
                    }
                    if (!silent) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // One side closed.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "silent-redis-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = null;
        releaseReplies();
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }
}
