package dev.lever.context;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * A fixed-dimension feature space for request contexts, built by the hashing trick (Weinberger, Dasgupta, Langford,
 * Smola &amp; Attenberg, "Feature Hashing for Large Scale Multitask Learning", ICML 2009; the way Vowpal Wabbit
 * builds its features).
 *
 * <p>Slot 0 is the bias, always 1. Every other feature lands in one of the slots 1 to d - 1, chosen by the 128-bit
 * MurmurHash3 (x64) of its name, with a sign (+1 or -1) taken from another part of the same hash, so that two
 * features that share a slot cancel out on average instead of adding up (Weinberger et al., section 2). Features
 * that share a slot add their signed values. The rule for each value of a context:
 * <ul>
 *   <li>a string {@code "device": "mobile"} is the feature {@code device=mobile} with value 1 (one-hot);</li>
 *   <li>a number {@code "hour": 13} is the feature {@code hour} with the number as value, clipped to
 *       [-{@value #CLIP}, {@value #CLIP}] (send standardised or small-range numbers: a linear model weighs them as
 *       they come) and rounded to a 32-bit float;</li>
 *   <li>a boolean is the feature {@code name} with value 1 for true, 0 for false;</li>
 *   <li>{@code null} is the same as an absent feature: it contributes nothing;</li>
 *   <li>anything else (a list, an object) is refused, naming the field.</li>
 * </ul>
 *
 * @param dimension the number of slots d, bias included, in [{@value #MIN_DIMENSION}, {@value #MAX_DIMENSION}]
 */
public record FeatureSpace(int dimension) {

    public static final int MIN_DIMENSION = 2;
    /** Slots are written as one byte in a decision id, and the state per arm grows as d squared. */
    public static final int MAX_DIMENSION = 64;
    public static final int DEFAULT_DIMENSION = 32;
    /** The largest number of features one context may hold. */
    public static final int MAX_FEATURES = 64;
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_STRING_LENGTH = 256;
    /** Numbers are clipped to [-CLIP, CLIP]. */
    public static final double CLIP = 10.0;
    /** The seed of the context's namespace: MurmurHash3's default 0, so slots are those of the first release. */
    static final int CONTEXT_SEED = 0;

    public FeatureSpace {
        if (dimension < MIN_DIMENSION || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension must be in [" + MIN_DIMENSION + ", " + MAX_DIMENSION
                    + "], was " + dimension);
        }
    }

    /**
     * The feature vector of a context.
     *
     * @param context feature name to value (a string, number, boolean or null); {@code null} for no context
     * @throws InvalidContextException when a name or value breaks the rules above, naming the field
     */
    public Features encode(Map<String, ?> context) {
        // Slots kept sorted in two arrays as features arrive (at most 64, so insertion is cheap): measured on
        // /select, a TreeMap of boxed slots and hashing each feature twice (slot, then sign) cost more than the rest
        // of the encoding.
        int size = context == null ? 0 : context.size();
        if (size > 0) {
            checkSize(context);
        }
        int[] index = new int[size + 1];
        double[] value = new double[size + 1];
        value[0] = 1.0;
        int n = 1;
        if (size > 0) {
            for (Map.Entry<String, ?> entry : context.entrySet()) {
                Named feature = named("context", entry.getKey(), entry.getValue());
                if (feature == null) {
                    continue;
                }
                long[] hash = hash(feature.name(), CONTEXT_SEED);
                int slot = slotOf(hash);
                double signed = signOf(hash) * feature.value();
                int at = n;
                while (at > 1 && index[at - 1] > slot) {
                    at--;
                }
                if (at > 1 && index[at - 1] == slot) {
                    value[at - 1] += signed;
                    continue;
                }
                System.arraycopy(index, at, index, at + 1, n - at);
                System.arraycopy(value, at, value, at + 1, n - at);
                index[at] = slot;
                value[at] = signed;
                n++;
            }
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            double v = (float) value[i];
            if (v != 0.0 || i == 0) {
                index[kept] = index[i];
                value[kept++] = v;
            }
        }
        return new Features(dimension, Arrays.copyOf(index, kept), Arrays.copyOf(value, kept));
    }

    /**
     * Checks a context against the rules above, which do not depend on the dimension: what a context must be to be
     * encoded by any feature space, and so what a decision log may keep of it.
     *
     * @param context feature name to value, or {@code null}
     * @throws InvalidContextException naming the first field that breaks a rule
     */
    public static void validate(Map<String, ?> context) {
        if (context == null) {
            return;
        }
        checkSize(context);
        for (Map.Entry<String, ?> entry : context.entrySet()) {
            named("context", entry.getKey(), entry.getValue());
        }
    }

    private static void checkSize(Map<String, ?> context) {
        if (context.size() > MAX_FEATURES) {
            throw new InvalidContextException("context", "must hold at most " + MAX_FEATURES + " features, had "
                    + context.size());
        }
    }

    /**
     * A named feature before hashing: {@code device=mobile} with value 1, {@code hour} with value 13.
     *
     * @param name the feature's name as it is hashed
     * @param value its value, finite and not 0
     */
    record Named(String name, double value) {
    }

    /**
     * One value of a flat object (a context, or an arm's attributes) as the table above reads it.
     *
     * @param object the field of the object in a request, {@code context} or {@code arms[2].features}
     * @return the feature, or {@code null} when it contributes nothing (a null, false or 0)
     * @throws InvalidContextException naming {@code <object>.<name>} when the name or value breaks the rules
     */
    static Named named(String object, String name, Object raw) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || hasControl(name)) {
            throw new InvalidContextException(field(object, name), "is not a feature name: names are 1 to " + MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        if (raw == null) {
            return null;
        }
        String feature;
        double value;
        if (raw instanceof String text) {
            if (text.length() > MAX_STRING_LENGTH) {
                throw new InvalidContextException(field(object, name), "must be at most " + MAX_STRING_LENGTH + " characters, was "
                        + text.length());
            }
            feature = name + "=" + text;
            value = 1.0;
        } else if (raw instanceof Boolean flag) {
            feature = name;
            value = flag ? 1.0 : 0.0;
        } else if (raw instanceof Number number) {
            value = number.doubleValue();
            if (!Double.isFinite(value)) {
                throw new InvalidContextException(field(object, name), "must be a finite number, was " + value);
            }
            feature = name;
            value = Math.max(-CLIP, Math.min(CLIP, value));
        } else {
            throw new InvalidContextException(field(object, name), "must be a string, a number, a boolean or null, was "
                    + (raw instanceof Map ? "an object" : raw instanceof Iterable ? "a list" : raw.getClass()
                    .getSimpleName()));
        }
        return value == 0.0 ? null : new Named(feature, value);
    }

    /** The slot of a feature hashed with a namespace's seed: 1 to d - 1 (slot 0 is the bias). */
    int slot(String feature, int seed) {
        return slotOf(hash(feature, seed));
    }

    private int slotOf(long[] hash) {
        return 1 + (int) Long.remainderUnsigned(hash[0], dimension - 1);
    }

    /** The sign (+1 or -1) of a feature hashed with a namespace's seed, from another part of the same hash. */
    static double sign(String feature, int seed) {
        return signOf(hash(feature, seed));
    }

    private static double signOf(long[] hash) {
        return (hash[1] & 1L) == 0 ? 1.0 : -1.0;
    }

    private static long[] hash(String feature, int seed) {
        byte[] bytes = feature.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash128x64(bytes, 0, bytes.length, seed);
    }

    /** Whether a name holds a control character (none lies outside the Basic Multilingual Plane). */
    private static boolean hasControl(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The field a problem names, built only when there is one. */
    private static String field(String object, String name) {
        return object + "." + printable(name);
    }

    private static String printable(String name) {
        String cut = name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) + "..." : name;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
