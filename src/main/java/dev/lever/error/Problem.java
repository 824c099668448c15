package dev.lever.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, with Lever's {@code field} extension naming the request field at fault.
 *
 * @param type always {@code about:blank}: the status and title say what kind of problem it is
 * @param title a short summary of the problem kind
 * @param status the HTTP status
 * @param detail what exactly is wrong and what is allowed
 * @param instance the request path
 * @param field the JSON path of the offending field, when there is one
 * @param incident for an unexpected failure (500), a random id that the server log shows next to the details
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field,
        String incident) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String title, int status, String detail, String instance, String field) {
        this("about:blank", title, status, detail, instance, field, null);
    }
}
