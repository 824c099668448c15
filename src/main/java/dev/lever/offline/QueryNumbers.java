package dev.lever.offline;

import dev.lever.error.LeverException;
import dev.lever.experiment.Ids;

/** Whole numbers in query parameters, refused with a problem that names the parameter and its range. */
final class QueryNumbers {

    private QueryNumbers() {
    }

    /** The parameter's value in {@code [min, max]}, or {@code null} when absent. */
    static Long whole(String name, String value, long min, long max) {
        if (value == null) {
            return null;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw outOfRange(name, value, min, max);
        }
        if (parsed < min || parsed > max) {
            throw outOfRange(name, value, min, max);
        }
        return parsed;
    }

    private static LeverException outOfRange(String name, String value, long min, long max) {
        return LeverException.invalid(name, name + " must be a whole number from " + min + " to " + max + ", was '"
                + Ids.printable(value) + "'");
    }
}
