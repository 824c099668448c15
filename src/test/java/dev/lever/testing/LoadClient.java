package dev.lever.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A thread-safe HTTP client for the load and chaos tests, which send requests from several threads at once (REST
 * Assured is not made for that): JSON posts and gets against the service under test, each bounded to 10 s.
 */
public final class LoadClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the service's root, e.g. from {@code @TestHTTPResource("/")} */
    public LoadClient(URI base) {
        this.base = base;
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An experiment's total pulls and rewards over its arms, as {@code GET /experiments/{id}} shows them; empty when
     * that call does not answer 200.
     */
    public java.util.Optional<long[]> totals(String experiment) throws IOException, InterruptedException {
        HttpResponse<String> view = get("experiments/" + experiment);
        if (view.statusCode() != 200) {
            return java.util.Optional.empty();
        }
        long[] totals = new long[2];
        for (JsonNode arm : JSON.readTree(view.body()).get("stats")) {
            totals[0] += arm.get("pulls").asLong();
            totals[1] += arm.get("rewards").asLong();
        }
        return java.util.Optional.of(totals);
    }
}
