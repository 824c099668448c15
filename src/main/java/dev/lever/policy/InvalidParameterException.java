package dev.lever.policy;

/**
 * A policy or experiment parameter outside its allowed range. The message states the allowed values and the value
 * seen; {@link #parameter()} names the offending parameter so that callers can point at it.
 */
public class InvalidParameterException extends IllegalArgumentException {

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(parameter + " " + message);
        this.parameter = parameter;
    }

    /** The name of the offending parameter, e.g. {@code epsilon}. */
    public String parameter() {
        return parameter;
    }

    /** The message without the parameter name in front. */
    public String reason() {
        return getMessage().substring(parameter.length() + 1);
    }
}
