package dev.lever.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.lever.context.InvalidContextException;
import dev.lever.policy.InvalidParameterException;
import dev.lever.stats.InvalidStatisticsArgumentException;
import dev.lever.security.Roles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Turns every error into an {@code application/problem+json} answer naming the field at fault. Nothing else in Lever
 * builds an error response, and no stack trace ever reaches a client.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** How Jackson's strict duplicate detection starts its message: {@code Duplicate field 'x'}. */
    private static final String DUPLICATE = "Duplicate field '";

    @ServerExceptionMapper
    public Response lever(LeverException e, HttpServerRequest request) {
        return problem(e.kind().status(), e.kind().title(), e.getMessage(), request, e.field());
    }

    /** No API key with a call that needs one. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return challenge(problem(401, "Unauthorized", "this call needs an API key: send the header "
                + "'Authorization: Bearer <key>' with a key configured in lever.auth.*-keys", request, null));
    }

    /** A key that is not configured, or a credential of another scheme. The detail never echoes what was sent. */
    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, HttpServerRequest request) {
        return challenge(problem(401, "Unauthorized", "the API key sent is not valid for this Lever deployment; "
                + "send 'Authorization: Bearer <key>' with a configured key", request, null));
    }

    /** A valid key whose roles do not include the one the resource method names in {@code @RolesAllowed}. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request, SimpleResourceInfo resource) {
        String needed = rolesAllowed(resource);
        String detail = request.method() + " " + request.path() + " needs "
                + (needed == null ? "another role" : Roles.describe(needed)) + "; the key sent does not grant it";
        return problem(403, LeverException.Kind.FORBIDDEN.title(), detail, request, null);
    }

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e, HttpServerRequest request) {
        return problem(400, LeverException.Kind.INVALID.title(), e.getMessage(), request, e.parameter());
    }

    /** A context feature of {@code POST /select} that cannot be encoded, named {@code context.<name>}. */
    @ServerExceptionMapper
    public Response invalidContext(InvalidContextException e, HttpServerRequest request) {
        return problem(400, LeverException.Kind.INVALID.title(), e.getMessage(), request, e.field());
    }

    @ServerExceptionMapper
    public Response invalidStatistics(InvalidStatisticsArgumentException e, HttpServerRequest request) {
        return problem(400, LeverException.Kind.INVALID.title(), e.getMessage(), request, e.field());
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException e, HttpServerRequest request) {
        String field = path(e);
        String allowed = e.getKnownPropertyIds() == null ? "" : "; allowed: " + e.getKnownPropertyIds().stream()
                .map(String::valueOf).sorted().collect(Collectors.joining(", "));
        return problem(400, LeverException.Kind.INVALID.title(),
                field + " is not a known field" + allowed, request, field);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, HttpServerRequest request) {
        String field = path(e);
        return problem(400, LeverException.Kind.INVALID.title(), field + " must be " + describe(e.getTargetType())
                + ", was " + quoted(e.getValue()), request, field);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        String field = path(e);
        String detail = field.isEmpty()
                ? "request body must be a JSON object"
                : field + " must be " + describe(e.getTargetType());
        return problem(400, LeverException.Kind.INVALID.title(), detail, request, field.isEmpty() ? null : field);
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof LeverException lever) {
            return lever(lever, request);
        }
        if (cause instanceof InvalidParameterException parameter) {
            return invalidParameter(parameter, request);
        }
        String field = path(e);
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith(DUPLICATE)) {
            String key = e.getOriginalMessage().substring(DUPLICATE.length(),
                    e.getOriginalMessage().lastIndexOf('\''));
            String at = field.isEmpty() ? key : field + "." + key;
            return problem(400, LeverException.Kind.INVALID.title(), "request body has the key '" + at
                    + "' more than once in one object; each key may appear once", request, at);
        }
        return problem(400, LeverException.Kind.INVALID.title(),
                (field.isEmpty() ? "request body" : field) + " is not valid: " + e.getOriginalMessage(),
                request, field.isEmpty() ? null : field);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, HttpServerRequest request) {
        String reason = e.getOriginalMessage();
        if (reason.startsWith(DUPLICATE)) {
            String key = reason.substring(DUPLICATE.length(), reason.lastIndexOf('\''));
            return problem(400, LeverException.Kind.INVALID.title(), "request body has the key '" + key
                    + "' more than once in one object (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "); each key may appear once", request, key);
        }
        int cut = reason.indexOf(" (");
        reason = (cut > 0 ? reason.substring(0, cut) : reason).lines().findFirst().orElse(reason);
        return problem(400, LeverException.Kind.INVALID.title(), "request body is not valid JSON at line "
                + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + reason,
                request, null);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return problem(400, LeverException.Kind.INVALID.title(),
                "request body is not valid JSON: " + e.getOriginalMessage(), request, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse, request);
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return mapping(mapping, request);
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no resource at " + request.method() + " " + request.path();
            case 405 -> request.method() + " is not allowed on " + request.path();
            case 406 -> "this resource answers application/json only";
            case 415 -> "send the body as application/json";
            default -> e.getMessage();
        };
        return problem(status, title, detail, request, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s, on %s %s", incident, request.method(), request.path());
        return Response.status(500)
                .type(Problem.MEDIA_TYPE)
                .entity(internalError(incident, request.path()))
                .build();
    }

    private static Response challenge(Response problem) {
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /** The least role named by the resource method's (or its class's) {@code @RolesAllowed}. */
    private static String rolesAllowed(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        RolesAllowed allowed = null;
        try {
            Method method = resource.getResourceClass().getMethod(resource.getMethodName(),
                    resource.parameterTypes());
            allowed = method.getAnnotation(RolesAllowed.class);
        } catch (NoSuchMethodException e) {
            // Fall back to the class's annotation.
        }
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (allowed == null || allowed.value().length == 0) {
            return null;
        }
        // Every role is held by admin keys, so the least demanding one named is the one to report.
        return Arrays.stream(allowed.value()).filter(role -> !role.equals(Roles.ADMIN)).findFirst()
                .orElse(Roles.ADMIN);
    }

    /** The answer to an unexpected failure: nothing of the failure itself, only the incident id the log shows. */
    static Problem internalError(String incident, String path) {
        return new Problem("about:blank", "Internal error", 500, "Lever could not complete the request; the server "
                + "log has the details under incident " + incident, path, null, incident);
    }

    /**
     * Seconds a client should wait before retrying a 503: the store is probed every 100 ms during an outage, so a
     * second is long enough to find it back after a short one and short enough not to delay the retry much.
     */
    static final String RETRY_AFTER_SECONDS = "1";

    private static Response problem(int status, String title, String detail, HttpServerRequest request,
            String field) {
        Response.ResponseBuilder answer = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(title, status, detail, request.path(), field));
        if (status == 503) {
            answer.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return answer.build();
    }

    /** The JSON path of a mapping error, e.g. {@code arms[2].id}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Double.class
                || Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String quoted(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
