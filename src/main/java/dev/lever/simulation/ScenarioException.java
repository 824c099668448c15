package dev.lever.simulation;

/** A scenario file that cannot be run; the message names the file, the line, the field and the fix. */
public class ScenarioException extends RuntimeException {

    public ScenarioException(String message) {
        super(message, null, false, false);
    }
}
