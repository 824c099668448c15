package dev.lever.experiment;

import dev.lever.error.LeverException;
import dev.lever.policy.DurationText;
import java.time.Duration;

/** Parses durations written as {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601 ({@code PT24H}). */
final class Durations {

    private Durations() {
    }

    static Duration parse(String field, String text, Duration min, Duration max) {
        Duration duration = parse(field, text);
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw LeverException.invalid(field, field + " must be between " + format(min) + " and " + format(max)
                    + ", was " + text);
        }
        return duration;
    }

    /** A duration in any of the accepted forms, whatever its length: for definitions read back from the store. */
    static Duration parse(String field, String text) {
        Duration duration = DurationText.parse(text);
        if (duration == null) {
            throw LeverException.invalid(field, field + " must be " + DurationText.FORMS + ", was '"
                    + Ids.printable(text) + "'");
        }
        return duration;
    }

    /** The shortest of the accepted forms: {@code 7d}, {@code 24h}, {@code 30m} or {@code 90s}. */
    static String format(Duration duration) {
        return DurationText.format(duration);
    }
}
