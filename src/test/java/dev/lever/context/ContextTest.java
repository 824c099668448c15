package dev.lever.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextTest {

    @Test
    void theSameContextIsTheSameTextWhateverTheOrderItCameIn() {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("tenure_days", 2.5);
        sent.put("device", "mobile");
        sent.put("hour", 13);
        sent.put("returning", true);
        sent.put("country", null);
        String json = Context.of(sent).json();
        assertEquals("{\"country\":null,\"device\":\"mobile\",\"hour\":13,\"returning\":true,\"tenure_days\":2.5}",
                json);
        assertEquals(json, Context.of(new HashMap<>(sent)).json());
    }

    @Test
    void readBackItEncodesToTheSameFeatures() {
        Map<String, Object> sent = Map.of("device", "desktop", "score", 0.1 + 0.2, "big", 1e300, "n", -7L,
                "label", "\"quoted\" \u00e9\u4e2d");
        Context read = Context.parse(Context.of(sent).json());
        for (int d : new int[] {2, 7, 32, 64}) {
            FeatureSpace space = new FeatureSpace(d);
            assertEquals(space.encode(sent), space.encode(read.values()));
        }
        assertEquals(Context.of(sent).json(), read.json(), "and to the same text");
    }

    @Test
    void whatNoFeatureSpaceTakesIsRefusedNamingTheField() {
        assertEquals("context.device", assertThrows(InvalidContextException.class,
                () -> Context.of(Map.of("device", java.util.List.of("mobile")))).field());
        assertEquals("context.note", assertThrows(InvalidContextException.class,
                () -> Context.of(Map.of("note", "x".repeat(FeatureSpace.MAX_STRING_LENGTH + 1)))).field());
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i <= FeatureSpace.MAX_FEATURES; i++) {
            many.put("f" + i, i);
        }
        assertEquals("context", assertThrows(InvalidContextException.class, () -> Context.of(many)).field());
        assertThrows(IllegalArgumentException.class, () -> Context.parse("[1, 2]"));
    }
}
