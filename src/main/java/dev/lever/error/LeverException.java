package dev.lever.error;

/**
 * A request Lever cannot carry out, in the domain's words. Domain code throws it; {@link ProblemMapper} alone turns
 * it into an HTTP answer.
 */
public class LeverException extends RuntimeException {

    /** What went wrong, which decides the HTTP status. */
    public enum Kind {
        /** The request is malformed or a field is outside its allowed values (400). */
        INVALID(400, "Invalid request"),
        /** The caller's API key lacks the role this request needs (403); the detail names the role. */
        FORBIDDEN(403, "Forbidden"),
        /** The named experiment (or other resource) does not exist (404). */
        NOT_FOUND(404, "Not found"),
        /** The request conflicts with the current state (409). */
        CONFLICT(409, "Conflict"),
        /** The decision can no longer be rewarded (410). */
        EXPIRED(410, "Decision expired"),
        /** The value is well-formed but breaks the experiment's rules, e.g. a reward of 3 for a binary metric (422). */
        UNPROCESSABLE(422, "Unprocessable reward"),
        /** The state store cannot be reached (503). */
        UNAVAILABLE(503, "State store unavailable"),
        /**
         * A write the primary applied but fewer replicas than {@code lever.store.replica-acks} confirmed in time
         * (503): it may have been applied, and retrying is safe.
         */
        UNCONFIRMED(503, "Write not confirmed by replicas");

        private final int status;
        private final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }
    }

    private final Kind kind;
    private final String field;

    public LeverException(Kind kind, String field, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    /** A field outside its allowed values; the detail says what is allowed and what was seen. */
    public static LeverException invalid(String field, String detail) {
        return new LeverException(Kind.INVALID, field, detail);
    }

    public static LeverException notFound(String detail) {
        return new LeverException(Kind.NOT_FOUND, null, detail);
    }

    /** The caller's key does not grant what this request needs; the detail says which key would. */
    public static LeverException forbidden(String field, String detail) {
        return new LeverException(Kind.FORBIDDEN, field, detail);
    }

    public static LeverException conflict(String field, String detail) {
        return new LeverException(Kind.CONFLICT, field, detail);
    }

    public static LeverException unprocessable(String field, String detail) {
        return new LeverException(Kind.UNPROCESSABLE, field, detail);
    }

    /** The state store did not answer; the request may be retried. */
    public static LeverException unavailable(String detail) {
        return new LeverException(Kind.UNAVAILABLE, null, detail);
    }

    /**
     * This error as part of a larger request: the field becomes {@code prefix.field} and the detail says where.
     */
    public LeverException under(String prefix) {
        return new LeverException(kind, field == null ? prefix : prefix + "." + field, prefix + ": " + getMessage());
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, as a JSON path such as {@code policy.epsilon}, or {@code null}. */
    public String field() {
        return field;
    }
}
