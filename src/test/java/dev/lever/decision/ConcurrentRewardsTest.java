package dev.lever.decision;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.get;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 32 clients reward 500 decisions each at the same time, every reward sent twice: the totals in Redis are exact,
 * and every retry is answered as a duplicate.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class ConcurrentRewardsTest {

    private static final int CLIENTS = 32;
    private static final int REWARDS_PER_CLIENT = 500;
    private static final Pattern DECISION_ID = Pattern.compile("\"decisionId\":\"([^\"]+)\"");

    @TestHTTPResource("/")
    URI base;

    @Test
    void totalsAreExactAndRetriesAreDuplicates() throws Exception {
        String id = freshId("concurrent");
        create(id, "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"epsilon-greedy\",\"epsilon\":0.5}}");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Callable<int[]>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(() -> {
                int accepted = 0;
                int duplicates = 0;
                for (int i = 0; i < REWARDS_PER_CLIENT; i++) {
                    String decision = post(http, "select", "{\"experiment\":\"" + id + "\"}");
                    Matcher m = DECISION_ID.matcher(decision);
                    if (!m.find()) {
                        throw new AssertionError("no decision id in " + decision);
                    }
                    String reward = "{\"decisionId\":\"" + m.group(1) + "\",\"reward\":" + (i % 2) + "}";
                    accepted += post(http, "reward", reward).contains("\"accepted\"") ? 1 : 0;
                    duplicates += post(http, "reward", reward).contains("\"duplicate\"") ? 1 : 0;
                }
                return new int[] {accepted, duplicates};
            });
        }
        int accepted = 0;
        int duplicates = 0;
        try {
            for (Future<int[]> client : pool.invokeAll(clients)) {
                accepted += client.get()[0];
                duplicates += client.get()[1];
            }
        } finally {
            pool.shutdownNow();
        }
        int total = CLIENTS * REWARDS_PER_CLIENT;
        assertEquals(total, accepted);
        assertEquals(total, duplicates);
        get("/experiments/" + id).statusCode(200)
                .body("stats.pulls.sum()", equalTo(total))
                .body("stats.rewards.sum()", equalTo(total))
                .body("stats.rewardSum.sum()", equalTo(total / 2.0));
    }

    private String post(HttpClient http, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("POST /" + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
