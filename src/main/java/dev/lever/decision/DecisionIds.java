package dev.lever.decision;

import dev.lever.context.Features;
import dev.lever.error.LeverException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, self-contained decision ids: the decision's {@link DecisionClaims} followed by a 128-bit truncated
 * HMAC-SHA256 tag (RFC 2104; truncation as allowed by NIST SP 800-107 section 5.3.3), base64url-encoded. A reward
 * carries everything needed to credit it, so no record is stored per decision, and a forged or altered id fails
 * verification. Several keys may be in use during a rotation: the first signs, any verifies.
 */
final class DecisionIds {

    /**
     * Format 1 carries no unit; format 2 adds a flag byte and, when it is 1, the unit's 64-bit hash; format 3 (a
     * decision of a contextual policy) adds the decision's features: the dimension and the number of non-zero slots
     * besides the bias (one byte each), then per slot its index (one byte) and its value (a 32-bit float, which is
     * exact: {@link Features} values are floats). For 6 features that is 32 bytes more, 43 base64 characters.
     */
    private static final byte FORMAT_1 = 1;
    private static final byte FORMAT_2 = 2;
    private static final byte FORMAT = 3;
    private static final int TAG_BYTES = 16;
    private static final int TOKEN_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /**
     * Longer than any id Lever issues: experiment and arm ids are at most 64 characters each, and a context holds
     * at most 63 slots besides the bias (5 bytes each).
     */
    private static final int MAX_LENGTH = 900;

    /** Shorter keys would make the HMAC's strength depend on the key rather than on SHA-256 (RFC 2104 section 3). */
    static final int MIN_SECRET_BYTES = 32;

    /** The signing key first, then the keys still accepted for verification. */
    private final List<SecretKeySpec> keys;
    private final ThreadLocal<Mac[]> macs;

    /**
     * @param secrets the keys, most recent first: ids are signed with the first and verified with any, so a rotation
     *     (deploy {@code new,old}, wait out the longest reward window, then deploy {@code new}) never splits replicas
     * @throws IllegalArgumentException when there is no key, or a key is shorter than {@value #MIN_SECRET_BYTES}
     *     bytes in UTF-8
     */
    DecisionIds(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("lever.decision.secret is empty: set one key of at least "
                    + MIN_SECRET_BYTES + " bytes, or leave it unset to use the key shared through the state store");
        }
        List<SecretKeySpec> specs = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            byte[] key = secrets.get(i).getBytes(StandardCharsets.UTF_8);
            if (key.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("lever.decision.secret: key " + (i + 1) + " of " + secrets.size()
                        + " is " + key.length + " bytes; a signing key must be at least " + MIN_SECRET_BYTES
                        + " bytes (e.g. head -c 48 /dev/urandom | base64)");
            }
            specs.add(new SecretKeySpec(key, "HmacSHA256"));
        }
        this.keys = List.copyOf(specs);
        this.macs = ThreadLocal.withInitial(this::newMacs);
    }

    /**
     * The keys of a configured {@code lever.decision.secret}: a comma-separated list, blanks around each key
     * ignored.
     */
    static List<String> parse(List<String> configured) {
        return configured.stream().map(String::strip).filter(key -> !key.isEmpty()).toList();
    }

    /**
     * Signs the claims; {@code nonce} supplies the decision's unique token.
     *
     * @param unitHash the unit's hash for an experiment analysed per unit, else {@code null}
     * @param features the decision's features, for a contextual policy, else {@code null}
     */
    String issue(String experiment, String epoch, String arm, long expiresAtMillis, long nonceHigh, long nonceLow,
            Long unitHash, Features features) {
        byte[] experimentBytes = experiment.getBytes(StandardCharsets.US_ASCII);
        byte[] armBytes = arm.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 8 + TOKEN_BYTES + 2 + experimentBytes.length
                + armBytes.length + 1 + (unitHash == null ? 0 : 8)
                + (features == null ? 0 : 2 + 5 * (features.size() - 1)) + TAG_BYTES);
        buffer.put(features == null ? FORMAT_2 : FORMAT)
                .putLong(expiresAtMillis)
                .putLong(Long.parseLong(epoch))
                .putLong(nonceHigh)
                .putLong(nonceLow)
                .put((byte) experimentBytes.length)
                .put(experimentBytes)
                .put((byte) armBytes.length)
                .put(armBytes);
        if (unitHash == null) {
            buffer.put((byte) 0);
        } else {
            buffer.put((byte) 1).putLong(unitHash);
        }
        if (features != null) {
            // Slot 0, the bias, is always 1 and is left out.
            buffer.put((byte) features.dimension()).put((byte) (features.size() - 1));
            for (int i = 1; i < features.size(); i++) {
                buffer.put((byte) features.index(i)).putFloat((float) features.value(i));
            }
        }
        Mac mac = macs.get()[0];
        mac.update(buffer.array(), 0, buffer.position());
        buffer.put(mac.doFinal(), 0, TAG_BYTES);
        return ENCODER.encodeToString(buffer.array());
    }

    /** A decision's token, as {@link #verify} reads it back from the id {@link #issue} signs with these nonces. */
    static String token(long nonceHigh, long nonceLow) {
        return ENCODER.encodeToString(ByteBuffer.allocate(TOKEN_BYTES).putLong(nonceHigh).putLong(nonceLow).array());
    }

    /**
     * The claims of a genuine decision id.
     *
     * @throws LeverException (invalid, field {@code decisionId}) when the id is malformed or its signature is wrong
     */
    DecisionClaims verify(String decisionId) {
        if (decisionId.length() > MAX_LENGTH) {
            throw forged();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(decisionId);
        } catch (IllegalArgumentException e) {
            throw forged();
        }
        int signed = bytes.length - TAG_BYTES;
        if (signed < 1 + 8 + 8 + TOKEN_BYTES + 2 || (bytes[0] < FORMAT_1 || bytes[0] > FORMAT)) {
            throw forged();
        }
        byte[] tag = Arrays.copyOfRange(bytes, signed, bytes.length);
        boolean genuine = false;
        for (Mac mac : macs.get()) {
            mac.update(bytes, 0, signed);
            genuine |= MessageDigest.isEqual(tag, Arrays.copyOf(mac.doFinal(), TAG_BYTES));
        }
        if (!genuine) {
            throw forged();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, signed - 1);
            long expiresAt = buffer.getLong();
            String epoch = Long.toString(buffer.getLong());
            byte[] token = new byte[TOKEN_BYTES];
            buffer.get(token);
            String experiment = readString(buffer);
            String arm = readString(buffer);
            String unitKey = bytes[0] >= FORMAT_2 && buffer.get() == 1 ? DecisionClaims.unitKey(buffer.getLong())
                    : null;
            Features features = bytes[0] == FORMAT ? readFeatures(buffer) : null;
            return new DecisionClaims(experiment, epoch, arm, expiresAt, ENCODER.encodeToString(token), unitKey,
                    features);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            // Only a holder of the secret could sign a short body; refuse it all the same.
            throw forged();
        }
    }

    private static Features readFeatures(ByteBuffer buffer) {
        int dimension = buffer.get() & 0xff;
        int slots = buffer.get() & 0xff;
        int[] index = new int[slots + 1];
        double[] value = new double[slots + 1];
        value[0] = 1.0;
        for (int i = 1; i <= slots; i++) {
            index[i] = buffer.get() & 0xff;
            value[i] = buffer.getFloat();
        }
        return new Features(dimension, index, value);
    }

    private static String readString(ByteBuffer buffer) {
        byte[] text = new byte[buffer.get() & 0xff];
        buffer.get(text);
        return new String(text, StandardCharsets.US_ASCII);
    }

    private static LeverException forged() {
        return LeverException.invalid("decisionId", "decisionId is not a decision id issued by this Lever "
                + "deployment (malformed, altered, or signed with another secret)");
    }

    private Mac[] newMacs() {
        Mac[] all = new Mac[keys.size()];
        try {
            for (int i = 0; i < all.length; i++) {
                all[i] = Mac.getInstance("HmacSHA256");
                all[i].init(keys.get(i));
            }
            return all;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
