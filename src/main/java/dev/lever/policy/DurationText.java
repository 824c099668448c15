package dev.lever.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in experiments and scenarios: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601. */
public final class DurationText {

    /** What {@link #parse} accepts, for error messages. */
    public static final String FORMS = "a duration such as 90s, 30m, 24h, 7d or PT24H";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(s|m|h|d)");

    private DurationText() {
    }

    /** The duration written as {@code text}, or {@code null} when it is in none of the accepted forms. */
    public static Duration parse(String text) {
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

    /** The shortest accepted form: {@code 7d}, {@code 24h}, {@code 30m}, {@code 90s}, or ISO-8601 below a second. */
    public static String format(Duration duration) {
        if (duration.getNano() != 0) {
            return duration.toString();
        }
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return "0s";
        }
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
