package dev.lever.openapi;

import dev.lever.error.Problem;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Lever's error answers in the OpenAPI document, each an {@code application/problem+json} {@link Problem} with an
 * example. The answers of the domain (400, 404, 409, 410, 422, 503) become named components that the resources
 * refer to where they apply; the answers any request may get before or around the resource method are added to
 * every operation: no or a wrong key (401, 403: every operation needs a role), an {@code Accept} without JSON (406),
 * a request line or headers over Lever's limits (414, 431), an unexpected failure (500), and for an operation with
 * a body, one too large (413) or not JSON (415).
 */
public class ProblemResponsesFilter implements OASFilter {

    /** One error answer: its status, component name (or null), description, and an example problem. */
    private record Answer(int status, String name, String title, String description, String detail, String field,
            boolean bodyOnly) {

        APIResponse response() {
            Problem example = new Problem(title, status, detail, "/" + (field == null ? "select" : "reward"), field);
            Example value = OASFactory.createExample().value(example);
            MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))
                    .addExample(title, value);
            return OASFactory.createAPIResponse().description(description)
                    .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media));
        }
    }

    private static final List<Answer> DOMAIN = List.of(
            new Answer(400, ApiDocumentation.INVALID, "Invalid request", "A field outside its allowed values: the "
                    + "problem names it and says what is allowed", "unit must be 1 to 256 characters without control "
                    + "characters, was 0 characters", "unit", false),
            new Answer(404, ApiDocumentation.NOT_FOUND, "Not found", "No such experiment (or arm)",
                    "no experiment 'homepage'", null, false),
            new Answer(409, ApiDocumentation.CONFLICT, "Conflict", "The change conflicts with the experiment as it is",
                    "reward cannot change from binary to continuous", "reward", false),
            new Answer(410, ApiDocumentation.EXPIRED, "Decision expired", "The decision's reward window closed, or "
                    + "its experiment was deleted or recreated since", "decision expired 12 s ago: its reward window "
                    + "closed, so the reward was not counted", "decisionId", false),
            new Answer(422, ApiDocumentation.UNPROCESSABLE, "Unprocessable reward", "A reward the metric's type does "
                    + "not allow", "reward must be 0 or 1, was 3.0", "reward", false),
            new Answer(503, ApiDocumentation.UNAVAILABLE, "State store unavailable", "Redis cannot be reached; "
                    + "retry after the Retry-After header's seconds", "Redis did not answer: no answer within 250 ms",
                    null, false));

    private static final List<Answer> EDGE = List.of(
            new Answer(401, null, "Unauthorized", "No API key, an unknown key, or a credential other than Bearer "
                    + "(with WWW-Authenticate: Bearer)", "this call needs an API key: send the header "
                    + "'Authorization: Bearer <key>' with a key configured in lever.auth.*-keys", null, false),
            new Answer(403, null, "Forbidden", "The key's role does not allow this call; the detail names the key "
                    + "that would", "POST /select needs a client or admin key; the key sent does not grant it", null,
                    false),
            new Answer(406, null, "Not acceptable", "An Accept header that excludes JSON",
                    "this resource answers application/json only", null, false),
            new Answer(414, null, "URI too long", "A request target over lever.http.max-uri-length characters",
                    "request target is 5000 characters; at most 4096 are allowed", null, false),
            new Answer(431, null, "Request header fields too large", "Request headers over "
                    + "lever.http.max-header-bytes", "request headers are 9000 bytes; at most 8192 are allowed", null,
                    false),
            new Answer(500, null, "Internal error", "An unexpected failure; the detail carries an incident id the "
                    + "server log shows", "Lever could not complete the request; the server log has the details "
                    + "under incident 1b4e28ba-2fa1-11d2-883f-0016d3cca427", null, false),
            new Answer(413, null, "Request body too large", "A body over quarkus.http.limits.max-body-size, "
                    + "declared or chunked", "request body is over the limit of 1048576 bytes", null, true),
            new Answer(415, null, "Unsupported media type", "A body that is not JSON",
                    "send the body as application/json", null, true));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        for (Answer answer : DOMAIN) {
            components.addResponse(answer.name(), answer.response());
        }
    }

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        for (Answer answer : EDGE) {
            String status = Integer.toString(answer.status());
            // Quarkus adds a bare 401 and 403 to every operation with @RolesAllowed: they get their problem body.
            APIResponse existing = responses.getAPIResponse(status);
            boolean bare = existing != null && existing.getRef() == null && existing.getContent() == null;
            if ((!answer.bodyOnly() || operation.getRequestBody() != null) && (existing == null || bare)) {
                responses.addAPIResponse(status, answer.response());
            }
        }
        return operation;
    }
}
