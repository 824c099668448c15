package dev.lever.experiment;

import dev.lever.error.LeverException;
import java.util.List;

/**
 * Where a field sits in a request body, as a JSON path such as {@code metrics[1].margin}. Code that checks a nested
 * part (a metric, a plan) takes the path of that part and names its fields relative to it, so the same checks serve
 * wherever the part appears, and each message names its field once.
 *
 * @param path the JSON path; empty for the body itself
 */
public record FieldPath(String path) {

    /** The body itself: its fields are named without a prefix. */
    public static final FieldPath ROOT = new FieldPath("");

    /** A top-level field of the body. */
    public static FieldPath of(String name) {
        return ROOT.field(name);
    }

    /** A field of the object at this path. */
    public FieldPath field(String name) {
        return new FieldPath(path.isEmpty() ? name : path + "." + name);
    }

    /** An element of the array at this path. */
    public FieldPath index(int i) {
        return new FieldPath(path + "[" + i + "]");
    }

    /** An invalid-field error whose detail is this path followed by the reason, e.g. {@code must be >= 0, was -1}. */
    public LeverException invalid(String reason) {
        return LeverException.invalid(path, path + " " + reason);
    }

    /** An invalid-field error naming this field, with a detail that does not start with the path. */
    public LeverException invalidBecause(String detail) {
        return LeverException.invalid(path, detail);
    }

    /**
     * Returns {@code value} if it is one of {@code allowed}.
     *
     * @throws LeverException (invalid) listing the allowed values and the value seen
     */
    public String oneOf(String value, String... allowed) {
        if (List.of(allowed).contains(value)) {
            return value;
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            list.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append('\'').append(allowed[i])
                    .append('\'');
        }
        throw invalid("must be " + list + ", was '" + (value == null ? "null" : Ids.printable(value)) + "'");
    }

    @Override
    public String toString() {
        return path;
    }
}
