package dev.lever.experiment;

/** What a fixed split assigns: each user, each session, or each request independently. */
public enum Split {

    /** A user always sees the same arm: a hash of (experiment id, unit) decides, with no storage. */
    USER(true),
    /** A session always sees the same arm: as {@link #USER}, with the session id as the unit. */
    SESSION(true),
    /** Every request is assigned at random by the weights. */
    REQUEST(false);

    private final boolean hashed;

    Split(boolean hashed) {
        this.hashed = hashed;
    }

    /** Whether the arm is a deterministic function of the unit (which {@code /select} must then carry). */
    public boolean hashed() {
        return hashed;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Split fromWireName(FieldPath at, String name) {
        return valueOf(at.oneOf(name, USER.wireName(), SESSION.wireName(), REQUEST.wireName())
                .toUpperCase(java.util.Locale.ROOT));
    }
}
