package dev.lever.history;

/**
 * A history query parameter outside its allowed values; {@link #parameter()} names it, the message says what is
 * allowed.
 */
public class InvalidHistoryQueryException extends IllegalArgumentException {

    private final String parameter;

    public InvalidHistoryQueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
