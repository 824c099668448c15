package dev.lever.store;

/**
 * A sticky unit's arm and the propensity with which it was first assigned.
 */
public record Assignment(String arm, double propensity) {

    /** The stored form, {@code "<arm> <propensity>"}; arm ids contain no space. */
    public String encode() {
        return arm + " " + propensity;
    }

    public static Assignment decode(String stored) {
        int space = stored.indexOf(' ');
        return new Assignment(stored.substring(0, space), Double.parseDouble(stored.substring(space + 1)));
    }
}
