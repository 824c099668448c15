package dev.lever.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The problem answers of the HTTP layer, for requests that never reach a resource. Before any handler runs it
 * refuses a request target or header block over {@link HttpLimits} (414, 431), a body declared larger than
 * {@code quarkus.http.limits.max-body-size} (413) and a body of any type but JSON (415), so no such body is ever
 * read. Every error status the router itself sets (a chunked body that grows past the limit, among others) is
 * answered as a problem too, instead of an empty body.
 */
@ApplicationScoped
class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    /** Statuses the router may answer on its own, with the title and a detail for each. */
    private static final Map<Integer, String> TITLES = Map.of(
            400, "Bad request",
            404, "Not found",
            405, "Method not allowed",
            406, "Not acceptable",
            413, "Request body too large",
            414, "URI too long",
            415, "Unsupported media type",
            431, "Request header fields too large");

    private final long bodyLimit;
    private final HttpLimits limits;
    private final ObjectMapper json;

    HttpEdge(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize bodyLimit, HttpLimits limits,
            ObjectMapper json) {
        this.bodyLimit = bodyLimit.asLongValue();
        this.limits = limits;
        this.json = json;
    }

    void install(@Observes Router router) {
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(bodyLimit);
        router.route().order(Integer.MIN_VALUE).handler(this::checkHead).failureHandler(this::onFailure);
        // A body without a declared length is read here, under the limit, so that one that grows past it is
        // refused as a problem instead of cut off mid-read.
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            if (context.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null
                    && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                chunkedBodies.handle(context);
            } else {
                context.next();
            }
        }).failureHandler(this::onFailure);
        TITLES.keySet().forEach(status -> router.errorHandler(status, this::onFailure));
        router.errorHandler(500, this::onFailure);
    }

    private void checkHead(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > limits.maxUriLength()) {
            refuse(context, 414, "request target is " + request.uri().length() + " characters, over the limit of "
                    + limits.maxUriLength());
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > limits.maxHeaderBytes()) {
            refuse(context, 431, "request headers are " + headerBytes + " bytes, over the limit of "
                    + limits.maxHeaderBytes());
            return;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long length = 0;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                // Not a number: the HTTP codec refuses such a request itself.
            }
        }
        if (length > bodyLimit) {
            refuse(context, 413, tooLarge());
            return;
        }
        boolean hasBody = length > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (hasBody && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuse(context, 415, "send the body as application/json");
            return;
        }
        context.next();
    }

    /** {@code application/json}, or a JSON-based type such as {@code application/merge-patch+json}. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    private void onFailure(RoutingContext context) {
        if (context.response().headWritten()) {
            if (!context.response().ended()) {
                context.response().reset();
            }
            return;
        }
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(context.failure(), "Unexpected error, incident %s, on %s %s", incident,
                    context.request().method(), context.request().path());
            write(context, ProblemMapper.internalError(incident, path(context)));
            return;
        }
        String detail = switch (status) {
            case 400 -> "the request cannot be read: check the headers and the body's framing";
            case 404 -> "no resource at " + context.request().method() + " " + path(context);
            case 405 -> context.request().method() + " is not allowed on " + path(context);
            case 406 -> "this resource answers application/json only";
            case 413 -> tooLarge();
            case 414 -> "request target is over the limit of " + limits.maxUriLength() + " characters";
            case 415 -> "send the body as application/json";
            case 431 -> "request headers are over the limit of " + limits.maxHeaderBytes() + " bytes";
            default -> "the request cannot be served";
        };
        refuse(context, status, detail);
    }

    private String tooLarge() {
        return "request body is larger than the limit of " + bodyLimit + " bytes";
    }

    /** The request path for a problem's {@code instance}, or none when it could not be decoded. */
    private static String path(RoutingContext context) {
        try {
            return context.normalizedPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void refuse(RoutingContext context, int status, String detail) {
        // After a refused body the connection's framing cannot be trusted: close it once the answer is sent.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        write(context, new Problem(TITLES.getOrDefault(status, "HTTP " + status), status, detail, path(context),
                null));
    }

    private void write(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem answer", e);
        }
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
