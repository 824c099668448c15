package dev.lever.context;

/**
 * A context feature that cannot be encoded. {@link #field()} names it as a request spells it ({@code context.device}),
 * the message says what is allowed and what was seen.
 */
public class InvalidContextException extends IllegalArgumentException {

    private final String field;

    public InvalidContextException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    /** The offending field, {@code context} or {@code context.<name>}. */
    public String field() {
        return field;
    }
}
