package dev.lever.testing;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** Short helpers for the HTTP tests. */
public final class Api {

    /** JSON numbers read as doubles, not floats, so that tests can compare propensities to 1e-9. */
    private static final RestAssuredConfig PRECISE = RestAssuredConfig.config().jsonConfig(
            JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    private Api() {
    }

    /** A request to the service under test. */
    public static RequestSpecification given() {
        return RestAssured.given().config(PRECISE);
    }

    public static ValidatableResponse get(String path) {
        return given().get(path).then();
    }

    /** A fresh experiment id, so that tests sharing one Redis never see each other's data. */
    public static String freshId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ValidatableResponse put(String id, String definition) {
        return given().contentType(ContentType.JSON).body(definition).put("/experiments/" + id).then();
    }

    /** Creates an experiment and checks that it was created. */
    public static void create(String id, String definition) {
        put(id, definition).statusCode(200);
    }

    public static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    public static ValidatableResponse select(String experiment, String unit) {
        String body = unit == null ? "{\"experiment\":\"" + experiment + "\"}"
                : "{\"experiment\":\"" + experiment + "\",\"unit\":\"" + unit + "\"}";
        return post("/select", body);
    }

    public static ValidatableResponse reward(String decisionId, Object reward) {
        return post("/reward", "{\"decisionId\":\"" + decisionId + "\",\"reward\":" + reward + "}");
    }
}
