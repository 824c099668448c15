package dev.lever.decision;

/**
 * The body of {@code POST /select}.
 *
 * @param experiment the experiment id
 * @param unit optional: who or what the decision is for (a user, session or request id); a sticky experiment keeps
 *     a unit on its first arm
 */
public record SelectRequest(String experiment, String unit) {
}
