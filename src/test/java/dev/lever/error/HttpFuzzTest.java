package dev.lever.error;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded fuzz of the HTTP API: random and mutated bodies, paths, methods and headers against every
 * endpoint. No answer is a 5xx, every 4xx is a problem with a status and a detail, and every experiment the fuzz
 * touched is still readable afterwards.
 *
 * <p>A seeded {@link Random} rather than jqwik: the requests need the running {@code @QuarkusTest} server, which
 * jqwik's engine does not start. A failure prints the request, so the seed and the request number reproduce it.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class HttpFuzzTest {

    private static final long SEED = 20261129L;
    private static final int REQUESTS = 2_000;
    private static final long BUDGET_MILLIS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAFE = "aZ09._-~";
    private static final String JSON_NOISE = "{}[]\",:\\0123456789aeE.-+ %\u00e9\u0000\n";

    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=UTF-8",
            "application/merge-patch+json", "text/plain", "application/x-www-form-urlencoded", "application/xml",
            "application/json; charset=ISO-8859-1"};
    private static final String[] ACCEPTS = {"*/*", "application/json", "text/html", "application/problem+json",
            "application/xml"};
    private static final String[] ATOMS = {"null", "true", "false", "0", "1", "-1", "0.5", "1e400", "-1e308", "1e-400",
            "9223372036854775808", "\"\"", "\"a\"", "\"b\"", "\"zz\"", "\"thompson\"", "\"ucb1\"", "\"fixed-split\"",
            "\"epsilon-greedy\"", "\"binary\"", "\"continuous\"", "\"24h\"", "\"0s\"", "\"user\"", "\"sequential\"",
            "\"\\u0000\"", "\"" + "x".repeat(300) + "\"", "[]", "{}", "NaN", "\"NaN\""};
    private static final String[] KEYS = {"experiment", "unit", "covariates", "decisionId", "reward", "arm", "metrics",
            "arms", "policy", "type", "epsilon", "decay", "c", "alpha", "beta", "propensityDraws", "weights", "sticky",
            "rewardWindow", "split", "control", "plan", "test", "id", "retired", "baseline", "minimumDetectableEffect",
            "effect", "power", "standardDeviation", "guardrail", "margin", "marginType", "form", "direction"};

    private final Random random = new Random(SEED);
    private final List<String> experiments = new ArrayList<>();
    private final List<String> decisions = new ArrayList<>();

    @Test
    void noInputBreaksTheService() throws Exception {
        for (int i = 0; i < 4; i++) {
            String id = freshId("fuzz");
            experiments.add(id);
        }
        create(experiments.get(0), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        create(experiments.get(1), "{\"arms\":[\"a\",\"b\",\"c\"],\"policy\":{\"type\":\"ucb1\"},"
                + "\"reward\":\"continuous\"}");
        create(experiments.get(2), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"fixed-split\"},"
                + "\"metrics\":[{\"id\":\"reward\"},{\"id\":\"latency\",\"type\":\"continuous\",\"direction\":"
                + "\"lower\",\"guardrail\":true,\"margin\":0.1}],\"plan\":{\"baseline\":0.1,"
                + "\"minimumDetectableEffect\":0.1}}");
        create(experiments.get(3), "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"epsilon-greedy\"},\"sticky\":true}");
        for (String id : experiments) {
            String decision = given().contentType("application/json").body("{\"experiment\":\"" + id
                    + "\",\"unit\":\"u1\"}").post("/select").then().statusCode(200).extract().path("decisionId");
            decisions.add(decision);
        }

        long start = System.currentTimeMillis();
        for (int n = 0; n < REQUESTS; n++) {
            if (System.currentTimeMillis() - start > BUDGET_MILLIS) {
                fail("the fuzz took over " + BUDGET_MILLIS + " ms; it stopped at request " + n);
            }
            String method = random.nextInt(4) == 0 ? pick(METHODS) : null;
            String path = path();
            String body = random.nextInt(8) == 0 ? null : body(path);
            if (method == null) {
                method = path.startsWith("/experiments/") && !path.contains("/arms") ? pick(new String[] {"GET",
                        "PUT", "PATCH", "DELETE"}) : path.equals("/experiments") ? "GET" : "POST";
            }
            if ("DELETE".equals(method) && random.nextInt(4) != 0) {
                method = "GET"; // keep most experiments alive, so that later requests reach them
            }
            RequestSpecification request = given().urlEncodingEnabled(false).redirects().follow(false);
            String contentType = random.nextInt(5) == 0 ? pick(CONTENT_TYPES)
                    : "PATCH".equals(method) ? "application/merge-patch+json" : "application/json";
            request.header("Content-Type", contentType);
            if (random.nextInt(6) == 0) {
                request.header("Accept", pick(ACCEPTS));
            }
            if (random.nextInt(10) == 0) {
                request.header("X-" + random.nextInt(1000), "v".repeat(random.nextInt(100)));
            }
            if (body != null) {
                request.body(body);
            }
            Response response = request.request(method, path);
            check(n, method, path, contentType, body, response);
        }
        long elapsed = System.currentTimeMillis() - start;
        System.out.printf("HTTP fuzz: %d requests in %d ms%n", REQUESTS, elapsed);

        given().get("/experiments").then().statusCode(200);
        for (String id : experiments) {
            int status = given().get("/experiments/" + id).then().extract().statusCode();
            assertTrue(status == 200 || status == 404, "experiment " + id + " answers " + status);
        }
    }

    private static void check(int n, String method, String path, String contentType, String body,
            Response response) throws Exception {
        int status = response.statusCode();
        String where = "request " + n + ": " + method + " " + path + " (" + contentType + ") " + abbreviate(body)
                + " -> " + status + " " + abbreviate(response.asString());
        assertTrue(status < 500, where);
        if (status >= 400 && !"HEAD".equals(method)) {
            assertTrue(response.contentType().startsWith("application/problem+json"), where);
            JsonNode problem = JSON.readTree(response.asString());
            assertTrue(problem.path("status").asInt() == status && problem.path("detail").isTextual(), where);
        }
    }

    private String path() {
        // Path segments are mutated within URL-safe characters: a request line that is not valid HTTP never
        // reaches Lever (docs/api.md says so), and an HTTP client would not send it anyway.
        String id = random.nextInt(10) == 0 ? mutate("fuzz-x", SAFE) : pick(experiments);
        String arm = random.nextInt(4) == 0 ? mutate("a", SAFE) : pick(new String[] {"a", "b", "c"});
        String[] paths = {"/select", "/reward", "/experiments", "/experiments/" + id, "/experiments/" + id + "/arms",
                "/experiments/" + id + "/arms/" + arm + "/retire", "/experiments/" + id + "/analysis",
                "/sample-size", "/covariates", "/experiments/" + id + "/%2e%2e", "/select/" + id, "/"};
        return pick(paths);
    }

    private String body(String path) {
        String base;
        String id = pick(experiments);
        if (path.startsWith("/select")) {
            base = "{\"experiment\":\"" + id + "\",\"unit\":\"u" + random.nextInt(50) + "\"}";
        } else if (path.startsWith("/reward")) {
            base = random.nextBoolean() ? "{\"decisionId\":\"" + pick(decisions) + "\",\"reward\":" + pick(ATOMS) + "}"
                    : "{\"experiment\":\"" + id + "\",\"arm\":\"a\",\"reward\":1}";
        } else if (path.startsWith("/sample-size")) {
            base = "{\"baseline\":0.1,\"minimumDetectableEffect\":0.1,\"alpha\":0.05,\"power\":0.8}";
        } else if (path.endsWith("/arms")) {
            base = "{\"id\":\"" + mutate("d", SAFE) + "\"}";
        } else {
            base = "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}";
        }
        return switch (random.nextInt(4)) {
            case 0 -> base;
            case 1 -> mutate(base, JSON_NOISE);
            case 2 -> randomJson(3);
            default -> replaceValue(base);
        };
    }

    /** The base with one key's value swapped for a random atom or structure, or one key added. */
    private String replaceValue(String base) {
        int colon = base.indexOf(':', random.nextInt(Math.max(1, base.length())));
        if (colon < 0 || random.nextInt(3) == 0) {
            return base.substring(0, base.length() - 1) + ",\"" + pick(KEYS) + "\":" + randomJson(2) + "}";
        }
        int end = colon + 1;
        int depth = 0;
        while (end < base.length()) {
            char c = base.charAt(end);
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            end++;
        }
        return base.substring(0, colon + 1) + randomJson(2) + base.substring(end);
    }

    private String randomJson(int depth) {
        int kind = depth <= 0 ? 0 : random.nextInt(3);
        if (kind == 0) {
            return pick(ATOMS);
        }
        StringBuilder out = new StringBuilder(kind == 1 ? "[" : "{");
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (kind == 2) {
                out.append('"').append(pick(KEYS)).append("\":");
            }
            out.append(randomJson(depth - 1));
        }
        return out.append(kind == 1 ? "]" : "}").toString();
    }

    /** The text with a few characters deleted, duplicated, replaced or inserted. */
    private String mutate(String text, String alphabet) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, out.charAt(at));
                case 2 -> out.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> out.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return out.toString();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String text) {
        return text == null ? "(no body)" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
