package dev.lever.experiment;

import dev.lever.error.LeverException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601 ({@code PT24H}). */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(s|m|h|d)");

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
        Duration duration = parseOrNull(text);
        if (duration == null) {
            throw LeverException.invalid(field, field + " must be a duration such as 90s, 30m, 24h, 7d or PT24H, was '"
                    + Ids.printable(text) + "'");
        }
        return duration;
    }

    private static Duration parseOrNull(String text) {
        Matcher m = SHORT.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The shortest of the accepted forms: {@code 7d}, {@code 24h}, {@code 30m} or {@code 90s}. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
