package dev.lever.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.testing.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service share one Redis, as on Kubernetes: a user-split A/B test assigns every user
 * the same arm on both, and a decision made by one replica is rewarded through the other.
 */
class TwoReplicasIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Pattern ARM = Pattern.compile("\"arm\":\"([^\"]+)\"");
    private static final Pattern DECISION = Pattern.compile("\"decisionId\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The packaged service runs in production mode, where every API call needs a key. */
    private static final String ADMIN_KEY = "e2e-admin-key-" + System.nanoTime();
    private static final String CLIENT_KEY = "e2e-client-key-" + System.nanoTime();
    private static final List<Process> REPLICAS = new ArrayList<>();
    private static URI first;
    private static URI second;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        assertTrue(Files.exists(JAR), "run after `./mvnw package`: " + JAR + " is missing");
        first = start();
        second = start();
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(Process::destroy);
    }

    private static URI start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("lever-replica-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java,
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dlever.store.type=redis", "-Dquarkus.redis.hosts=" + TestRedis.get().uri(),
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Keys through the environment, as on Kubernetes, so they are not on the command line either.
        builder.environment().put("LEVER_AUTH_ADMIN_KEYS", ADMIN_KEY);
        builder.environment().put("LEVER_AUTH_CLIENT_KEYS", CLIENT_KEY);
        Process process = builder.start();
        REPLICAS.add(process);
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send(base, "GET", "q/health/ready", null).statusCode() == 200) {
                    return base;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("replica on port " + port + " did not become ready:\n"
                + Files.readString(log));
    }

    private static HttpResponse<String> send(URI base, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (!path.startsWith("q/")) {
            request.header("Authorization", "Bearer " + (path.startsWith("experiments") ? ADMIN_KEY : CLIENT_KEY));
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    @Test
    void bothReplicasRequireAKey() throws Exception {
        for (URI replica : List.of(first, second)) {
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(replica.resolve("experiments"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
        }
    }

    @Test
    void bothReplicasGiveEveryUserTheSameArm() throws Exception {
        String id = "e2e-split-" + System.nanoTime();
        ok(send(first, "PUT", "experiments/" + id, "{\"arms\":[\"model-a\",\"model-b\"],"
                + "\"policy\":{\"type\":\"fixed-split\",\"weights\":{\"model-a\":0.5,\"model-b\":0.5}},"
                + "\"split\":\"user\"}"));
        int onA = 0;
        int users = 400;
        for (int u = 0; u < users; u++) {
            String body = "{\"experiment\":\"" + id + "\",\"unit\":\"user-" + u + "\"}";
            String armOnFirst = group(ARM, ok(send(first, "POST", "select", body)));
            String armOnSecond = group(ARM, ok(send(second, "POST", "select", body)));
            assertEquals(armOnFirst, armOnSecond, "user-" + u + " got different arms on the two replicas");
            onA += armOnFirst.equals("model-a") ? 1 : 0;
        }
        // 50/50: 400 users land on model-a with sd 10; 6 sd either side fails a correct split with p < 2e-9.
        assertTrue(Math.abs(onA - users / 2) <= 60, onA + " of " + users + " users on model-a");
    }

    @Test
    void aDecisionOfOneReplicaIsRewardedThroughTheOther() throws Exception {
        String id = "e2e-reward-" + System.nanoTime();
        ok(send(first, "PUT", "experiments/" + id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}"));
        String decision = group(DECISION, ok(send(first, "POST", "select", "{\"experiment\":\"" + id + "\"}")));
        String reward = "{\"decisionId\":\"" + decision + "\",\"reward\":1}";
        assertTrue(ok(send(second, "POST", "reward", reward)).contains("\"accepted\""));
        assertTrue(ok(send(first, "POST", "reward", reward)).contains("\"duplicate\""));
    }
}
