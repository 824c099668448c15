package dev.lever.decision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lever.context.FeatureSpace;
import dev.lever.context.Features;
import dev.lever.error.LeverException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Decision ids: what verifies, what is refused as forged, and key rotation. */
class DecisionIdsTest {

    private static final String OLD = "old-signing-key-0123456789abcdefghijklmnop";
    private static final String NEW = "new-signing-key-0123456789abcdefghijklmnop";
    private static final long EXPIRES = 1_900_000_000_000L;
    /** Offsets in a format-2 id: format byte, expiry, epoch, 16-byte token, then the experiment's length. */
    private static final int EXPIRY_AT = 1;
    private static final int EXPERIMENT_AT = 1 + 8 + 8 + 16 + 1;
    private static final int TAG_BYTES = 16;

    private final DecisionIds ids = new DecisionIds(List.of(OLD));

    private String issue(DecisionIds signer) {
        return signer.issue("homepage", "7", "model-b", EXPIRES, 11L, 12L, 42L, null);
    }

    private static byte[] decode(String id) {
        return Base64.getUrlDecoder().decode(id);
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void assertForged(String id) {
        LeverException e = assertThrows(LeverException.class, () -> ids.verify(id));
        assertEquals(LeverException.Kind.INVALID, e.kind());
        assertEquals("decisionId", e.field());
        assertTrue(e.getMessage().contains("not a decision id issued by this Lever deployment"), e.getMessage());
    }

    @Test
    void aGenuineIdVerifiesToItsClaims() {
        DecisionClaims claims = ids.verify(issue(ids));
        assertEquals("homepage", claims.experiment());
        assertEquals("model-b", claims.arm());
        assertEquals("7", claims.epoch());
        assertEquals(EXPIRES, claims.expiresAtMillis());
        assertEquals(DecisionClaims.unitKey(42L), claims.unitKey());
    }

    @Test
    void anAlteredArmUnderTheKeptSignatureIsRefused() {
        byte[] bytes = decode(issue(ids));
        int arm = EXPERIMENT_AT + "homepage".length() + 1;
        assertEquals('b', bytes[arm + "model-".length()]);
        bytes[arm + "model-".length()] = 'a';
        assertForged(encode(bytes));
    }

    @Test
    void anAlteredExpiryUnderTheKeptSignatureIsRefused() {
        byte[] bytes = decode(issue(ids));
        ByteBuffer.wrap(bytes).putLong(EXPIRY_AT, EXPIRES + 86_400_000L);
        assertForged(encode(bytes));
    }

    @Test
    void anAlteredExperimentUnderTheKeptSignatureIsRefused() {
        byte[] bytes = decode(issue(ids));
        assertArrayEquals("homepage".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOfRange(bytes, EXPERIMENT_AT, EXPERIMENT_AT + "homepage".length()));
        bytes[EXPERIMENT_AT] = 'x';
        assertForged(encode(bytes));
    }

    @Test
    void anIdSignedWithAnotherSecretIsRefused() {
        assertForged(issue(new DecisionIds(List.of(NEW))));
    }

    @Test
    void aTruncatedIdIsRefused() {
        byte[] bytes = decode(issue(ids));
        assertForged(encode(Arrays.copyOf(bytes, bytes.length - 1)));
        assertForged(encode(Arrays.copyOf(bytes, bytes.length - TAG_BYTES)));
        assertForged(encode(Arrays.copyOf(bytes, 20)));
        assertForged("");
    }

    @Test
    void anIdWithAppendedBytesIsRefused() {
        byte[] bytes = decode(issue(ids));
        assertForged(encode(Arrays.copyOf(bytes, bytes.length + 1)));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        longer[bytes.length] = 'x';
        assertForged(encode(longer));
        assertForged(issue(ids) + "AAAA");
    }

    @Test
    void aFormatOneIdWithoutUnitStillVerifies() throws Exception {
        byte[] experiment = "homepage".getBytes(StandardCharsets.US_ASCII);
        byte[] arm = "model-a".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(1 + 8 + 8 + 16 + 1 + experiment.length + 1 + arm.length + TAG_BYTES);
        body.put((byte) 1).putLong(EXPIRES).putLong(7L).putLong(1L).putLong(2L)
                .put((byte) experiment.length).put(experiment).put((byte) arm.length).put(arm);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(OLD.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(body.array(), 0, body.position());
        body.put(mac.doFinal(), 0, TAG_BYTES);

        DecisionClaims claims = ids.verify(encode(body.array()));
        assertEquals("homepage", claims.experiment());
        assertEquals("model-a", claims.arm());
        assertEquals(null, claims.unitKey());
    }

    /** A context of six features, as the issue's example and a flag. */
    private static final Map<String, Object> CONTEXT = Map.of("device", "mobile", "country", "de", "hour", 13,
            "tenure_days", 2.5, "returning", true, "plan", "pro");

    @Test
    void aContextualDecisionCarriesItsFeaturesExactly() {
        Features features = new FeatureSpace(32).encode(CONTEXT);
        String id = ids.issue("homepage", "7", "model-b", EXPIRES, 11L, 12L, null, features);
        DecisionClaims claims = ids.verify(id);
        assertEquals(features, claims.features());
        assertEquals("model-b", claims.arm());
        assertNull(claims.unitKey());
        assertNull(ids.verify(issue(ids)).features(), "a context-free decision carries none");
        // 2 bytes (dimension, count) and 5 per non-zero slot besides the bias.
        int plain = decode(ids.issue("homepage", "7", "model-b", EXPIRES, 11L, 12L, null, null)).length;
        assertEquals(plain + 2 + 5 * (features.size() - 1), decode(id).length);
    }

    @Test
    void alteredFeaturesUnderTheKeptSignatureAreRefused() {
        byte[] bytes = decode(ids.issue("homepage", "7", "model-b", EXPIRES, 11L, 12L, null,
                new FeatureSpace(32).encode(CONTEXT)));
        int lastValue = bytes.length - TAG_BYTES - 4;
        bytes[lastValue] ^= 0x40;
        assertForged(encode(bytes));
    }

    @Test
    void aFormatTwoIdStillVerifies() {
        String id = issue(ids);
        assertEquals(2, decode(id)[0], "a context-free decision keeps format 2");
        assertEquals(DecisionClaims.unitKey(42L), ids.verify(id).unitKey());
    }

    @Test
    void duringARotationIdsOfTheOldKeyVerifyUntilItIsDropped() {
        String signedWithOld = issue(ids);
        DecisionIds rotating = new DecisionIds(List.of(NEW, OLD));
        assertEquals("model-b", rotating.verify(signedWithOld).arm());

        String signedDuringRotation = issue(rotating);
        DecisionIds rotated = new DecisionIds(List.of(NEW));
        // The first key signs, so ids issued during the rotation outlive the old key.
        assertEquals("model-b", rotated.verify(signedDuringRotation).arm());
        assertThrows(LeverException.class, () -> rotated.verify(signedWithOld));
    }

    @Test
    void aKeyShorterThan32BytesIsRefusedWithItsPositionAndLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DecisionIds(List.of(NEW, "too-short-31-bytes-0123456789ab")));
        assertTrue(e.getMessage().contains("key 2 of 2 is 31 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
        // Bytes, not characters: 16 two-byte characters are enough.
        new DecisionIds(List.of("é".repeat(16)));
        assertThrows(IllegalArgumentException.class, () -> new DecisionIds(List.of()));
    }

    @Test
    void aConfiguredListIsSplitKeyByKeyWithoutBlanks() {
        assertEquals(List.of(NEW, OLD), DecisionIds.parse(List.of(" " + NEW, OLD + " ", "")));
    }
}
