package dev.lever.error;

import static dev.lever.testing.Api.create;
import static dev.lever.testing.Api.freshId;
import static dev.lever.testing.Api.given;
import static dev.lever.testing.Api.post;
import static dev.lever.testing.Api.put;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.store.StateStore;
import dev.lever.testing.RawHttp;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The status table of docs/api.md is what the service answers: one request per row (the 503 row is
 * {@code RedisDownTest}'s), each answered with that status as a problem.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class StatusTableTest {

    @Inject
    StateStore store;

    private record Row(int status, String when, Supplier<Answer> request) {
    }

    private record Answer(int status, String contentType, String body) {

        static Answer of(ExtractableResponse<Response> response) {
            return new Answer(response.statusCode(), response.contentType(), response.asString());
        }
    }

    private static Answer raw(String head) {
        try {
            RawHttp.Response response = RawHttp.send(head, null);
            return new Answer(response.status(), response.contentType(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyRowOfTheReadmeTable() {
        String id = freshId("table");
        create(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},\"rewardWindow\":\"1s\"}");
        String gone = freshId("table-gone");
        create(gone, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"}}");
        String decision = post("/select", "{\"experiment\":\"" + gone + "\"}").extract().path("decisionId");
        given().delete("/experiments/" + gone).then().statusCode(204);
        String broken = freshId("table-broken");
        store.save(broken, "not json", 0, "1", Set.of(), null).await().atMost(Duration.ofSeconds(10));

        List<Row> rows = List.of(
                new Row(400, "malformed JSON", () -> Answer.of(post("/select", "{").extract())),
                new Row(400, "an arm named in a body that the experiment does not have",
                        () -> Answer.of(post("/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"zz\",\"reward\":1}")
                                .extract())),
                new Row(400, "a definition with fewer than 2 arms", () -> Answer.of(put(id,
                        "{\"arms\":[\"a\"],\"policy\":{\"type\":\"thompson\"}}").extract())),
                new Row(404, "unknown experiment", () -> Answer.of(given().get("/experiments/" + freshId("none"))
                        .then().extract())),
                new Row(404, "unknown arm in the path", () -> Answer.of(given().post("/experiments/" + id
                        + "/arms/zz/retire").then().extract())),
                new Row(405, "a method the path does not allow", () -> Answer.of(given().get("/reward").then()
                        .extract())),
                new Row(406, "an Accept header that excludes JSON", () -> Answer.of(given().accept("text/html")
                        .get("/experiments/" + id).then().extract())),
                new Row(409, "bringing a retired arm back implicitly", () -> {
                    given().post("/experiments/" + id + "/arms/b/retire").then().statusCode(200);
                    return Answer.of(put(id, "{\"arms\":[\"a\",\"b\"],\"policy\":{\"type\":\"thompson\"},"
                            + "\"rewardWindow\":\"1s\"}").extract());
                }),
                new Row(410, "a reward for an experiment deleted since the decision",
                        () -> Answer.of(post("/reward", "{\"decisionId\":\"" + decision + "\",\"reward\":1}")
                                .extract())),
                new Row(413, "a body over 1 MiB", () -> Answer.of(post("/select", "{\"unit\":\""
                        + "x".repeat(1_100_000) + "\"}").extract())),
                new Row(414, "a request target over 4,096 characters",
                        () -> raw("GET /experiments/" + "a".repeat(4100) + " HTTP/1.1\nHost: localhost\n")),
                new Row(415, "a body that is not JSON", () -> Answer.of(given().contentType(ContentType.TEXT)
                        .body("x").post("/select").then().extract())),
                new Row(422, "a reward that breaks the experiment's type", () -> Answer.of(post("/reward",
                        "{\"experiment\":\"" + id + "\",\"arm\":\"a\",\"reward\":0.5}").extract())),
                new Row(431, "request headers over 8 KiB", () -> raw("GET /experiments HTTP/1.1\nHost: localhost\n"
                        + "X-Padding: " + "p".repeat(9000) + "\n")),
                new Row(500, "an unexpected failure", () -> Answer.of(given().get("/experiments/" + broken).then()
                        .extract())));

        List<Executable> checks = new ArrayList<>();
        try {
            for (Row row : rows) {
                Answer answer = row.request().get();
                checks.add(() -> assertEquals(row.status(), answer.status(), row.when() + ": " + answer.body()));
                checks.add(() -> assertTrue(answer.contentType().startsWith("application/problem+json"),
                        row.when() + ": " + answer.contentType()));
                checks.add(() -> assertTrue(answer.body().contains("\"status\":" + row.status()),
                        row.when() + ": " + answer.body()));
            }
        } finally {
            store.delete(broken).await().atMost(Duration.ofSeconds(10));
        }
        assertAll(checks);
    }
}
