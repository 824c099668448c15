package dev.lever.stats;

/** An argument outside its allowed range; {@link #field()} names it and the message says what is allowed. */
public class InvalidStatisticsArgumentException extends IllegalArgumentException {

    private final String field;

    public InvalidStatisticsArgumentException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    static double requireProbability(String field, double value, boolean openLow, boolean openHigh, double high) {
        boolean aboveLow = openLow ? value > 0 : value >= 0;
        boolean belowHigh = openHigh ? value < high : value <= high;
        if (!(aboveLow && belowHigh)) {
            throw new InvalidStatisticsArgumentException(field, "must be in " + (openLow ? "(" : "[") + "0, " + high
                    + (openHigh ? ")" : "]") + ", was " + value);
        }
        return value;
    }

    /** alpha in (0, 0.5]. */
    static double requireAlpha(double alpha) {
        return requireProbability("alpha", alpha, true, false, 0.5);
    }
}
