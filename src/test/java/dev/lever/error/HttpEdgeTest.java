package dev.lever.error;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.put;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.store.StateStore;
import dev.lever.testing.RawHttp;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Errors that the HTTP layer meets before any resource runs, and the ones a resource never sees coming, are answered
 * as problems like every other error: never an empty body, never a stack trace.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class HttpEdgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StateStore store;

    private static JsonNode problem(RawHttp.Response response, int status) throws IOException {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.toString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.path("status").asInt());
        assertTrue(body.path("detail").isTextual(), response.body());
        return body;
    }

    @Test
    void duplicateKeysAreRefusedNamingTheKey() {
        String id = freshId("dup");
        post("/select", "{\"experiment\":\"" + id + "\",\"experiment\":\"other\"}").statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("experiment"))
                .body("detail", equalTo("request body has the key 'experiment' more than once in one object "
                        + "(line 1, column 42); each key may appear once"));
        put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\",\"c\":1,\"c\":2}}").statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("policy.c"));
    }

    @Test
    void requestTargetTooLong() throws IOException {
        String path = "/experiments/" + "a".repeat(5000);
        problem(RawHttp.send("GET " + path + " HTTP/1.1\nHost: localhost\n", null), 414);
    }

    @Test
    void headersTooLarge() throws IOException {
        String big = "X-Padding: " + "p".repeat(10_000) + "\n";
        problem(RawHttp.send("GET /experiments HTTP/1.1\nHost: localhost\n" + big, null), 431);
    }

    @Test
    void chunkedBodyOverTheLimit() throws IOException {
        byte[] body = RawHttp.chunked(2 * 1024 * 1024, ' ');
        JsonNode json = problem(RawHttp.send("POST /select HTTP/1.1\nHost: localhost\nContent-Type: application/json"
                + "\nTransfer-Encoding: chunked\n", body), 413);
        assertEquals("request body is larger than the limit of 1048576 bytes", json.path("detail").asText());
    }

    @Test
    void chunkedBodyOfAnotherTypeIsNotRead() throws IOException {
        byte[] body = RawHttp.chunked(2 * 1024 * 1024, 'x');
        problem(RawHttp.send("POST /select HTTP/1.1\nHost: localhost\nContent-Type: text/plain"
                + "\nTransfer-Encoding: chunked\n", body), 415);
        problem(RawHttp.send("PUT /experiments/x HTTP/1.1\nHost: localhost\nContent-Type: application/octet-stream"
                + "\nTransfer-Encoding: chunked\n", "5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8)), 415);
    }

    @Test
    void restLayerRefusals() {
        given().contentType(ContentType.JSON).body("{}").delete("/select").then().statusCode(405)
                .contentType("application/problem+json").body("detail", equalTo("DELETE is not allowed on /select"));
        given().accept("text/html").get("/experiments").then().statusCode(406)
                .contentType("application/problem+json").body("status", equalTo(406));
        String id = freshId("patch-type");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"ucb1\"}}");
        given().contentType(ContentType.JSON).body("{\"sticky\":true}").patch("/experiments/" + id).then()
                .statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void anUnexpectedFailureAnswersAnIncidentAndNothingOfTheFailure() {
        String id = freshId("unreadable");
        store.save(id, "{\"arms\": not json", 0, "1", Set.of(), null).await().atMost(Duration.ofSeconds(10));
        try {
            given().get("/experiments/" + id).then().statusCode(500)
                    .contentType("application/problem+json")
                    .body("status", equalTo(500))
                    .body("incident", not(nullValue()))
                    .body("detail", containsString("incident"))
                    .body(not(containsString("Exception")))
                    .body(not(containsString("com.fasterxml")))
                    .body(not(containsString("dev.lever")))
                    .body(not(containsString("\tat ")));
        } finally {
            store.delete(id).await().atMost(Duration.ofSeconds(10));
        }
    }
}
