package dev.lever.evaluation;

/**
 * The log cannot support an estimate of the candidate: it gives probability to arms the logging policy never chose
 * (nothing in the log says what they earn), or the log holds too few decisions.
 */
public class UnsupportedCandidateException extends RuntimeException {

    public UnsupportedCandidateException(String message) {
        super(message);
    }
}
