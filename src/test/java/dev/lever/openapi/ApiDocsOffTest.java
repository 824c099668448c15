package dev.lever.openapi;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code lever.api-docs.enabled=false} takes down the OpenAPI document and Swagger UI, and nothing else. */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
@TestProfile(ApiDocsOffTest.DocsOff.class)
class ApiDocsOffTest {

    /** The API's documentation switched off. */
    public static class DocsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lever.api-docs.enabled", "false");
        }
    }

    @Test
    void openApiAndSwaggerUiAnswer404AndMetricsStay() {
        RestAssured.given().get("/q/openapi").then().statusCode(404);
        RestAssured.given().redirects().follow(true).get("/q/swagger-ui").then().statusCode(404);
        RestAssured.given().get("/q/metrics").then().statusCode(200);
        RestAssured.given().get("/experiments").then().statusCode(200);
    }
}
