package dev.lever.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.lever.testing.Api;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The role matrix with authentication on, as in production: who may call what, and how refusals read. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
@TestProfile(ApiKeyRolesTest.KeysRequired.class)
public class ApiKeyRolesTest {

    public static final String ADMIN = "admin-key-0123456789abcdef";
    public static final String CLIENT = "client-key-0123456789abcdef";
    public static final String VIEWER = "viewer-key-0123456789abcdef";

    /** Authentication on, one key per role (two admin keys: a list). */
    public static class KeysRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lever.auth.enabled", "true",
                    "lever.auth.admin-keys", "second-admin-key-0123456789," + ADMIN,
                    "lever.auth.client-keys", CLIENT,
                    "lever.auth.viewer-keys", VIEWER);
        }
    }

    private static final String AB = "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"fixed-split\"}}";
    private static final String PLAN = "{\"baseline\":0.10,\"minimumDetectableEffect\":0.2}";

    /** One call of the API: method, path and body (or null). */
    private record Call(String method, String path, String body) {
        ValidatableResponse as(String key) {
            RequestSpecification request = Api.given();
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            if (body != null) {
                request.contentType(ContentType.JSON).body(body);
            }
            return request.request(method, path).then();
        }
    }

    private static List<Call> everyCall(String id) {
        return List.of(
                new Call("GET", "/experiments", null),
                new Call("GET", "/experiments/" + id, null),
                new Call("GET", "/experiments/" + id + "/analysis", null),
                new Call("GET", "/experiments/" + id + "/history", null),
                new Call("PUT", "/experiments/" + id, AB),
                new Call("DELETE", "/experiments/" + id, null),
                new Call("POST", "/experiments/" + id + "/arms", "{\"id\":\"model-c\"}"),
                new Call("POST", "/experiments/" + id + "/arms/model-a/retire", null),
                new Call("POST", "/experiments/" + id + "/covariates", "{\"units\":[]}"),
                new Call("POST", "/select", "{\"experiment\":\"" + id + "\"}"),
                new Call("POST", "/reward", "{\"decisionId\":\"x\",\"reward\":1}"),
                new Call("POST", "/sample-size", PLAN));
    }

    private static String create(String prefix) {
        return create(prefix, AB);
    }

    private static String create(String prefix, String definition) {
        String id = Api.freshId(prefix);
        new Call("PUT", "/experiments/" + id, definition).as(ADMIN).statusCode(200);
        return id;
    }

    private static String decision(String id, String key) {
        return new Call("POST", "/select", "{\"experiment\":\"" + id + "\",\"unit\":\"u-1\"}").as(key)
                .statusCode(200).extract().path("decisionId");
    }

    private static void refused(ValidatableResponse response, int status, String detail) {
        response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("detail", containsString(detail));
    }

    @Test
    void withoutAKeyEveryApiCallIs401AndHealthStaysOpen() {
        String id = create("anonymous");
        for (Call call : everyCall(id)) {
            ValidatableResponse response = call.as(null);
            refused(response, 401, "needs an API key");
            response.header("WWW-Authenticate", equalTo("Bearer"));
        }
        Api.get("/q/health/live").statusCode(200);
        Api.get("/q/health/ready").statusCode(200);
        Api.get("/q/health").statusCode(200);
    }

    @Test
    void anUnknownKeyIs401AndTheDetailNeverEchoesIt() {
        String wrong = "not-a-configured-key-0123456789";
        for (String sent : List.of(wrong, ADMIN + "x", ADMIN.substring(0, ADMIN.length() - 1))) {
            ValidatableResponse response = new Call("GET", "/experiments", null).as(sent);
            refused(response, 401, "not valid");
            response.header("WWW-Authenticate", equalTo("Bearer"))
                    .body(not(containsString(sent)));
        }
        refused(Api.given().header("Authorization", "Basic " + ADMIN).get("/experiments").then(), 401, "not valid");
        // A valid key in the wrong scheme is not accepted, nor echoed.
        Api.given().header("Authorization", "Basic " + ADMIN).get("/experiments").then()
                .body(not(containsString(ADMIN)));
    }

    @Test
    void aClientSelectsAndRewardsByIdButManagesNothing() {
        String id = create("client");
        String decision = decision(id, CLIENT);
        new Call("POST", "/reward", "{\"decisionId\":\"" + decision + "\",\"reward\":1}").as(CLIENT)
                .statusCode(200).body("status", equalTo("accepted"));

        refused(new Call("PUT", "/experiments/" + id, AB).as(CLIENT), 403, "needs an admin key");
        refused(new Call("DELETE", "/experiments/" + id, null).as(CLIENT), 403, "needs an admin key");
        refused(new Call("POST", "/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"model-a\",\"reward\":1}")
                .as(CLIENT), 403, "a direct reward (experiment and arm, no decisionId) needs an admin key");
        refused(new Call("GET", "/experiments/" + id, null).as(CLIENT), 403,
                "GET /experiments/" + id + " needs a viewer or admin key");
        refused(new Call("POST", "/sample-size", PLAN).as(CLIENT), 403, "needs a viewer or admin key");
        refused(new Call("GET", "/experiments/" + id + "/history", null).as(CLIENT), 403,
                "needs a viewer or admin key");
    }

    @Test
    void aViewerReadsAndPlansButNeitherSelectsNorChanges() {
        String id = create("viewer");
        decision(id, ADMIN);
        new Call("GET", "/experiments", null).as(VIEWER).statusCode(200);
        new Call("GET", "/experiments/" + id, null).as(VIEWER).statusCode(200).body("id", equalTo(id));
        new Call("GET", "/experiments/" + id + "/analysis", null).as(VIEWER).statusCode(200);
        new Call("GET", "/experiments/" + id + "/history", null).as(VIEWER).statusCode(200);
        new Call("POST", "/sample-size", PLAN).as(VIEWER).statusCode(200);

        refused(new Call("POST", "/select", "{\"experiment\":\"" + id + "\"}").as(VIEWER), 403,
                "POST /select needs a client or admin key");
        refused(new Call("POST", "/reward", "{\"decisionId\":\"x\",\"reward\":1}").as(VIEWER), 403,
                "needs a client or admin key");
        refused(new Call("PUT", "/experiments/" + id, AB).as(VIEWER), 403, "needs an admin key");
        refused(new Call("POST", "/experiments/" + id + "/covariates", "{\"units\":[]}").as(VIEWER), 403,
                "needs an admin key");
    }

    @Test
    void anAdminMayDoEverything() {
        new Call("GET", "/experiments/" + create("admin") + "/analysis", null).as(ADMIN).statusCode(200);
        String id = create("admin", "{\"arms\":[\"model-a\",\"model-b\"],\"policy\":{\"type\":\"thompson\"}}");
        new Call("GET", "/experiments", null).as(ADMIN).statusCode(200);
        new Call("POST", "/sample-size", PLAN).as(ADMIN).statusCode(200);
        String decision = decision(id, ADMIN);
        new Call("POST", "/reward", "{\"decisionId\":\"" + decision + "\",\"reward\":1}").as(ADMIN).statusCode(200);
        new Call("POST", "/reward", "{\"experiment\":\"" + id + "\",\"arm\":\"model-a\",\"reward\":0}").as(ADMIN)
                .statusCode(200).body("status", equalTo("accepted"));
        new Call("POST", "/experiments/" + id + "/arms", "{\"id\":\"model-c\"}").as(ADMIN).statusCode(200);
        new Call("POST", "/experiments/" + id + "/arms/model-c/retire", null).as(ADMIN).statusCode(200);
        new Call("DELETE", "/experiments/" + id, null).as(ADMIN).statusCode(204);
        // Either admin key of the list works.
        new Call("GET", "/experiments", null).as("second-admin-key-0123456789").statusCode(200);
    }

    /** Prometheus scrapes without credentials, and the API's documentation is public; the API itself is not. */
    @Test
    void metricsAndApiDocumentationAnswerWithoutAKey() {
        new Call("POST", "/select", "{\"experiment\":\"x\"}").as(null).statusCode(401);
        new Call("GET", "/q/metrics", null).as(null).statusCode(200)
                .body(containsString("lever_degraded"));
        new Call("GET", "/q/openapi", null).as(null).statusCode(200).body(containsString("/select"));
        Api.given().redirects().follow(true).get("/q/swagger-ui").then().statusCode(200);
    }
}
