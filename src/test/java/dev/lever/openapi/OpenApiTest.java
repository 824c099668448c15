package dev.lever.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every JAX-RS operation of the application, found by reflection over the compiled resource classes (so a new
 * endpoint without documentation fails here), is in {@code /q/openapi} with a summary, its success answer with an
 * example, its request body with an example, and every error answer as {@code application/problem+json} of the
 * Problem schema, the key and edge statuses included. Swagger UI answers too.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One operation of a resource class: its HTTP method, path and Java method. */
    private record Endpoint(String method, String path, Method java) {

        boolean hasBody() {
            for (Parameter parameter : java.getParameters()) {
                if (Stream.of(parameter.getAnnotations()).noneMatch(a -> a.annotationType().getPackageName()
                        .startsWith("jakarta.ws.rs"))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static List<Endpoint> endpoints() throws IOException, ClassNotFoundException {
        java.nio.file.Path classes = java.nio.file.Path.of("target/classes");
        List<Endpoint> found = new ArrayList<>();
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> walk = Files.walk(classes.resolve("dev/lever"))) {
            files = walk.filter(f -> f.toString().endsWith(".class")).toList();
        }
        for (java.nio.file.Path file : files) {
            String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, false, OpenApiTest.class.getClassLoader());
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String verb = httpMethod(method);
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = ("/" + root.value() + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/");
                if (path.length() > 1 && path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                found.add(new Endpoint(verb, path, method));
            }
        }
        return found;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    @Test
    void everyOperationIsDocumentedWithItsErrorsAsProblems() throws Exception {
        JsonNode document = JSON.readTree(RestAssured.given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
        List<Endpoint> endpoints = endpoints();
        assertTrue(endpoints.size() >= 12, "resource methods found: " + endpoints);
        assertEquals("bearer", document.at("/components/securitySchemes/apiKey/scheme").asText());
        assertFalse(document.at("/components/schemas/Problem/properties/detail").isMissingNode());

        List<String> faults = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            String where = endpoint.method() + " " + endpoint.path();
            JsonNode operation = document.path("paths").path(endpoint.path())
                    .path(endpoint.method().toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                faults.add(where + ": not in the document");
                continue;
            }
            if (operation.path("summary").asText().isBlank()) {
                faults.add(where + ": no summary");
            }
            if (endpoint.hasBody() && operation.at("/requestBody/content").findValue("examples") == null) {
                faults.add(where + ": request body without an example");
            }
            JsonNode responses = operation.path("responses");
            boolean answered = false;
            List<String> statuses = new ArrayList<>();
            for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) responses::fields) {
                String status = entry.getKey();
                statuses.add(status);
                JsonNode response = resolve(document, entry.getValue());
                if (status.startsWith("2")) {
                    answered = true;
                    if (!status.equals("204") && response.path("content").findValue("examples") == null) {
                        faults.add(where + ": answer " + status + " without an example");
                    }
                    continue;
                }
                JsonNode problem = response.path("content").path("application/problem+json");
                if (!problem.path("schema").path("$ref").asText().endsWith("/Problem")) {
                    faults.add(where + ": " + status + " is not an application/problem+json Problem");
                }
            }
            if (!answered) {
                faults.add(where + ": no success answer");
            }
            for (String needed : List.of("401", "403", "406", "500")) {
                if (!statuses.contains(needed)) {
                    faults.add(where + ": " + needed + " missing");
                }
            }
            if (endpoint.hasBody() && !(statuses.contains("413") && statuses.contains("415"))) {
                faults.add(where + ": 413 or 415 missing for its body");
            }
            if (statuses.stream().noneMatch(s -> s.equals("400") || s.equals("404") || s.equals("503"))) {
                faults.add(where + ": none of its domain errors (400, 404, 503) documented");
            }
        }
        assertEquals(List.of(), faults);
    }

    /** A response, or the component it refers to. */
    private static JsonNode resolve(JsonNode document, JsonNode response) {
        String ref = response.path("$ref").asText();
        if (ref.isEmpty()) {
            return response;
        }
        JsonNode target = document.at(ref.substring(1));
        assertNotNull(target, ref);
        assertFalse(target.isMissingNode(), "dangling " + ref);
        return target;
    }

    @Test
    void swaggerUiIsServed() {
        RestAssured.given().redirects().follow(true).get("/q/swagger-ui").then().statusCode(200);
    }
}
