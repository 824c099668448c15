package dev.lever.experiment;

import dev.lever.error.LeverException;
import java.util.regex.Pattern;

/**
 * The one rule for experiment, arm and metric ids: 1 to 64 characters of lower-case letters, digits, '.', '_' and
 * '-', starting with a letter or digit. Ids become parts of Redis keys and fields, so nothing else gets through.
 */
public final class Ids {

    public static final String PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";
    private static final Pattern ID = Pattern.compile(PATTERN);

    private Ids() {
    }

    /**
     * Returns {@code value} if it is a valid id.
     *
     * @throws LeverException (invalid) naming {@code field} when it is missing or not a valid id
     */
    public static String require(String field, String value) {
        if (value == null) {
            throw LeverException.invalid(field, field + " is required");
        }
        if (!ID.matcher(value).matches()) {
            throw LeverException.invalid(field, field + " must match " + PATTERN
                    + " (lower-case letters, digits, '.', '_', '-'; at most 64), was '" + printable(value) + "'");
        }
        return value;
    }

    /** The value with control characters escaped and cut to a readable length, for error messages. */
    public static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
