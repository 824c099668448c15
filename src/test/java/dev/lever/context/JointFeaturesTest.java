package dev.lever.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JointFeaturesTest {

    private final FeatureSpace space = new FeatureSpace(64);

    @Test
    void zIsTheBiasTheContextTheArmSideAndTheirProducts() {
        // One context feature (hour = 2) and one attribute (length = 0.5): z is written out from the rule.
        Features x = space.encode(Map.of("hour", 2));
        JointFeatures arm = JointFeatures.of(space, "story-1", Map.of("length", 0.5), "arms[0].features");
        int i = x.index(1);
        double xi = x.value(1);
        double[] expected = new double[64];
        expected[0] = 1;
        expected[i] += xi;
        expected[space.slot("arm=story-1", JointFeatures.ARM_SEED)] += FeatureSpace.sign("arm=story-1",
                JointFeatures.ARM_SEED);
        expected[space.slot("length", JointFeatures.ARM_SEED)] += 0.5 * FeatureSpace.sign("length",
                JointFeatures.ARM_SEED);
        expected[space.slot(i + "*arm=story-1", JointFeatures.CROSS_SEED)] += xi
                * FeatureSpace.sign(i + "*arm=story-1", JointFeatures.CROSS_SEED);
        expected[space.slot(i + "*length", JointFeatures.CROSS_SEED)] += xi * 0.5
                * FeatureSpace.sign(i + "*length", JointFeatures.CROSS_SEED);
        assertArrayEquals(expected, arm.of(x).dense(), 0.0);
    }

    @Test
    void interactionsScaleWithTheContextAndTellArmsApart() {
        JointFeatures short1 = JointFeatures.of(space, "a", Map.of("length", 0.2), "f");
        JointFeatures long1 = JointFeatures.of(space, "b", Map.of("length", 0.8), "f");
        Features none = space.encode(null);
        Features mobile = space.encode(Map.of("device", "mobile"));
        // What the context adds to z beyond x itself is its products with the arm's side, so it differs by arm.
        double[] shortGain = minus(minus(short1.of(mobile).dense(), short1.of(none).dense()), mobile.dense());
        double[] longGain = minus(minus(long1.of(mobile).dense(), long1.of(none).dense()), mobile.dense());
        shortGain[0] = 0;
        longGain[0] = 0;
        assertTrue(norm(shortGain) > 0, "the context's products with the arm are present");
        assertNotEquals(norm(shortGain), norm(longGain));
        // Products are linear in the context's value: hour = 3 gives three times hour = 1's gain.
        JointFeatures plain = JointFeatures.of(space, "c", null, "f");
        double[] one = minus(plain.of(space.encode(Map.of("hour", 1))).dense(), plain.of(none).dense());
        double[] three = minus(plain.of(space.encode(Map.of("hour", 3))).dense(), plain.of(none).dense());
        for (int s = 0; s < 64; s++) {
            assertEquals(3 * one[s], three[s], 1e-6);
        }
    }

    @Test
    void deterministicAndBoundedWhateverTheOrder() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("topic", "sports");
        attributes.put("length", 0.4);
        attributes.put("video", true);
        Map<String, Object> context = Map.of("device", "mobile", "country", "de", "hour", 13, "tenure", 2.5,
                "plan", "pro", "returning", true);
        Features x = space.encode(context);
        Features z = JointFeatures.of(space, "sports-news", attributes, "f").of(x);
        assertEquals(z, JointFeatures.of(new FeatureSpace(64), "sports-news", new TreeMap<>(attributes), "f")
                .of(new FeatureSpace(64).encode(new TreeMap<>(context))));
        // s = 6 context features and m = 3 attributes: at most 2 + s + m + s (m + 1) = 35 non-zero slots.
        assertTrue(z.size() <= 35 && z.size() > 20, "nnz " + z.size());
        for (int k = 0; k < z.size(); k++) {
            assertEquals(z.value(k), (float) z.value(k), "values are 32-bit floats");
        }
        // Never more than d, however many features.
        FeatureSpace narrow = new FeatureSpace(8);
        assertTrue(JointFeatures.of(narrow, "sports-news", attributes, "f").of(narrow.encode(context)).size() <= 8);
        assertNotEquals(z, JointFeatures.of(space, "other", attributes, "f").of(x), "the identity tells arms apart");
    }

    @Test
    void attributesFollowTheRulesOfAContextNamingTheField() {
        assertEquals("arms[2].features.tags", assertThrows(InvalidContextException.class,
                () -> JointFeatures.check(Map.of("tags", List.of("a")), "arms[2].features")).field());
        assertEquals("arms[0].features.arm", assertThrows(InvalidContextException.class,
                () -> JointFeatures.check(Map.of("arm", "x"), "arms[0].features")).field());
        assertEquals("arms[1].features.length must be a finite number, was NaN", assertThrows(
                InvalidContextException.class, () -> JointFeatures.check(Map.of("length", Double.NaN),
                        "arms[1].features")).getMessage());
        // The same clipping as a context: 250 counts as 10.
        assertEquals(JointFeatures.of(space, "a", Map.of("n", 10), "f").of(space.encode(null)),
                JointFeatures.of(space, "a", Map.of("n", 250), "f").of(space.encode(null)));
    }

    private static double[] minus(double[] u, double[] v) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = u[i] - v[i];
        }
        return out;
    }

    private static double norm(double[] u) {
        double total = 0;
        for (double v : u) {
            total += v * v;
        }
        return Math.sqrt(total);
    }
}
