package dev.lever.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureSpaceTest {

    private final FeatureSpace space = new FeatureSpace(32);

    @Test
    void biasAlone() {
        Features none = space.encode(null);
        assertArrayEquals(new int[] {0}, none.index());
        assertArrayEquals(new double[] {1.0}, none.value());
        assertEquals(none, space.encode(Map.of()));
    }

    @Test
    void stringsAreOneHotNumbersClippedBooleansZeroOrOne() {
        Features mobile = space.encode(Map.of("device", "mobile"));
        assertEquals(2, mobile.size());
        assertEquals(1.0, Math.abs(mobile.value(1)));
        assertTrue(!mobile.equals(space.encode(Map.of("device", "desktop"))), "distinct values, distinct vectors");
        assertEquals(10.0, Math.abs(space.encode(Map.of("tenure_days", 250.0)).value(1)));
        assertEquals(2.5, Math.abs(space.encode(Map.of("tenure_days", 2.5)).value(1)));
        assertEquals(1, space.encode(Map.of("returning", false)).size(), "false and 0 contribute nothing");
        assertEquals(1, space.encode(Map.of("hour", 0)).size());
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("country", null);
        assertEquals(space.encode(Map.of()), space.encode(withNull), "null is the same as absent");
    }

    @Test
    void encodesByTheRuleWrittenOutWhateverTheCollisions() {
        // Four slots for up to twenty features: most share a slot, add up and some cancel to zero.
        FeatureSpace small = new FeatureSpace(4);
        java.util.Random random = new java.util.Random(5);
        for (int trial = 0; trial < 500; trial++) {
            Map<String, Object> context = new java.util.LinkedHashMap<>();
            int features = random.nextInt(21);
            for (int f = 0; f < features; f++) {
                String name = "f" + random.nextInt(30);
                switch (random.nextInt(4)) {
                    case 0 -> context.put(name, "v" + random.nextInt(3));
                    case 1 -> context.put(name, random.nextBoolean());
                    case 2 -> context.put(name, random.nextInt(5) - 2);
                    default -> context.put(name, random.nextGaussian() * 8);
                }
            }
            assertEquals(byTheRule(small, context), small.encode(context), context.toString());
        }
    }

    /** The table of FeatureSpace's Javadoc, step by step: each feature's signed value added into its slot. */
    private static Features byTheRule(FeatureSpace space, Map<String, Object> context) {
        java.util.TreeMap<Integer, Double> slots = new java.util.TreeMap<>(Map.of(0, 1.0));
        context.forEach((name, raw) -> {
            String feature = raw instanceof String text ? name + "=" + text : name;
            double value = raw instanceof String ? 1.0 : raw instanceof Boolean flag ? (flag ? 1.0 : 0.0)
                    : Math.max(-FeatureSpace.CLIP, Math.min(FeatureSpace.CLIP, ((Number) raw).doubleValue()));
            if (value != 0.0) {
                slots.merge(space.slot(feature, FeatureSpace.CONTEXT_SEED),
                        FeatureSpace.sign(feature, FeatureSpace.CONTEXT_SEED) * value, Double::sum);
            }
        });
        List<Integer> index = new java.util.ArrayList<>();
        List<Double> values = new java.util.ArrayList<>();
        slots.forEach((slot, sum) -> {
            double v = (float) sum.doubleValue();
            if (v != 0.0 || slot == 0) {
                index.add(slot);
                values.add(v);
            }
        });
        return new Features(space.dimension(), index.stream().mapToInt(Integer::intValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Test
    void theSameContextAlwaysGivesTheSameVector() {
        Map<String, Object> context = Map.of("device", "mobile", "country", "de", "hour", 13, "tenure_days", 2.5);
        Features once = space.encode(context);
        assertEquals(once, new FeatureSpace(32).encode(new java.util.TreeMap<>(context)));
        for (int i = 0; i < once.size(); i++) {
            assertEquals(once.value(i), (float) once.value(i), "values are 32-bit floats");
        }
    }

    @Test
    void wrongValuesAreRefusedNamingTheField() {
        InvalidContextException list = assertThrows(InvalidContextException.class,
                () -> space.encode(Map.of("tags", List.of("a"))));
        assertEquals("context.tags", list.field());
        assertEquals("context.tags must be a string, a number, a boolean or null, was a list", list.getMessage());
        assertEquals("context.user", assertThrows(InvalidContextException.class,
                () -> space.encode(Map.of("user", Map.of("id", 1)))).field());
        assertEquals("context.", assertThrows(InvalidContextException.class,
                () -> space.encode(Map.of("", 1))).field());
        assertEquals("context.note", assertThrows(InvalidContextException.class,
                () -> space.encode(Map.of("note", "x".repeat(257)))).field());
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i <= FeatureSpace.MAX_FEATURES; i++) {
            many.put("f" + i, i);
        }
        assertEquals("context", assertThrows(InvalidContextException.class, () -> space.encode(many)).field());
        assertThrows(IllegalArgumentException.class, () -> new FeatureSpace(1));
        assertThrows(IllegalArgumentException.class, () -> new FeatureSpace(FeatureSpace.MAX_DIMENSION + 1));
    }

    @Test
    void featuresSpreadOverTheSlots() {
        // 3,100 distinct features over 31 slots: each slot's count is Binomial(3100, 1/31), mean 100, sd 9.8;
        // every slot within 5 sd of the mean.
        int[] counts = new int[32];
        for (int i = 0; i < 3100; i++) {
            counts[space.encode(Map.of("item", "i" + i)).index(1)]++;
        }
        assertEquals(0, counts[0]);
        for (int slot = 1; slot < 32; slot++) {
            assertTrue(Math.abs(counts[slot] - 100) < 50, "slot " + slot + " got " + counts[slot]);
        }
    }
}
