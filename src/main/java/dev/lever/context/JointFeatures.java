package dev.lever.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The feature vector z(x, a) of a context x and an arm a in the shared linear model ({@link LinearModel#SHARED}),
 * hashed into the same d slots as the context (Weinberger et al., ICML 2009). It is built as Vowpal Wabbit builds the
 * features of an action in {@code --cb_explore_adf} with {@code -q} interactions between the context's namespace and
 * the action's:
 * <ul>
 *   <li>the bias, slot 0, value 1;</li>
 *   <li>the context's features: x itself, each in its slot with its signed value ({@link FeatureSpace});</li>
 *   <li>the arm's side, hashed in the arm's namespace (MurmurHash3 seed {@value #ARM_SEED}, so that an arm
 *       attribute and a context feature of the same name land apart): the arm's identity {@code arm=<id>}, value 1,
 *       which gives each arm its own intercept, and each of its attributes by the rules of a context
 *       ({@code topic=sports} one-hot, {@code length} its number clipped to [-10, 10], a boolean 1 or 0);</li>
 *   <li>the interactions: for every non-zero slot i of x besides the bias and every feature f of the arm's side,
 *       the product feature {@code <i>*<f>} hashed in the interaction namespace (seed {@value #CROSS_SEED}), with
 *       value x[i] times f's value. It is hashed from the context's slot, not its feature's name, because the
 *       decision id carries x hashed (so z can be rebuilt at reward time), and because that is how Vowpal Wabbit
 *       hashes a quadratic feature: from the hashed index of its first part and the name of its second.</li>
 * </ul>
 * Features that share a slot add their signed values; every value is rounded to a 32-bit float, as x's are, so
 * that the reward script adds exactly what the policy scored. z holds at most min(d, 2 + s + m + s (m + 1)) non-zero
 * slots for s context features and m attributes.
 *
 * <p>The products are what lets one weight vector rank arms differently per context: {@code device=mobile} times
 * {@code arm.length} learns that long items do worse on phones for every item, the new ones included; the
 * products with the identity let a well-known arm depart from what its attributes predict.
 *
 * <p>Each (slot, feature) product's slot and sign are computed once, when the arm's encoding is built, so that
 * building z for a request costs no hashing. Immutable.
 */
public final class JointFeatures {

    /** The MurmurHash3 seed of the arm's namespace (identity and attributes). */
    static final int ARM_SEED = 0x61726d;
    /** The MurmurHash3 seed of the context-by-arm interactions. */
    static final int CROSS_SEED = 0x2a;
    /** The attribute name kept for the arm's identity feature. */
    public static final String IDENTITY = "arm";

    private final FeatureSpace space;
    /** The arm side: slot and signed value of each feature (identity first). */
    private final int[] armSlot;
    private final double[] armValue;
    /** Per context slot i (1 to d - 1) and arm feature f: the product's slot and signed unit (value / x[i]). */
    private final int[][] crossSlot;
    private final double[][] crossValue;

    private JointFeatures(FeatureSpace space, List<FeatureSpace.Named> side) {
        this.space = space;
        int m = side.size();
        int d = space.dimension();
        armSlot = new int[m];
        armValue = new double[m];
        crossSlot = new int[d][m];
        crossValue = new double[d][m];
        for (int f = 0; f < m; f++) {
            FeatureSpace.Named feature = side.get(f);
            armSlot[f] = space.slot(feature.name(), ARM_SEED);
            armValue[f] = FeatureSpace.sign(feature.name(), ARM_SEED) * feature.value();
            for (int i = 1; i < d; i++) {
                String cross = i + "*" + feature.name();
                crossSlot[i][f] = space.slot(cross, CROSS_SEED);
                crossValue[i][f] = FeatureSpace.sign(cross, CROSS_SEED) * feature.value();
            }
        }
    }

    /**
     * The encoding of one arm.
     *
     * @param armId the arm's id, its identity feature {@code arm=<id>}
     * @param attributes the arm's attributes (flat, as a context), or {@code null} or empty for none
     * @param field how a request names the attributes, e.g. {@code arms[3].features}, for errors
     * @throws InvalidContextException naming {@code <field>.<name>} when an attribute breaks a context's rules, is
     *     named {@value #IDENTITY}, or there are more than {@link FeatureSpace#MAX_FEATURES}
     */
    public static JointFeatures of(FeatureSpace space, String armId, Map<String, ?> attributes, String field) {
        return new JointFeatures(space, side(armId, attributes, field));
    }

    /**
     * Checks an arm's attributes by the rules of {@link #of}, without a feature space.
     *
     * @throws InvalidContextException as {@link #of} does
     */
    public static void check(Map<String, ?> attributes, String field) {
        side("", attributes, field);
    }

    private static List<FeatureSpace.Named> side(String armId, Map<String, ?> attributes, String field) {
        List<FeatureSpace.Named> side = new ArrayList<>();
        side.add(new FeatureSpace.Named(IDENTITY + "=" + armId, 1.0));
        if (attributes == null) {
            return side;
        }
        if (attributes.size() > FeatureSpace.MAX_FEATURES) {
            throw new InvalidContextException(field, "must hold at most " + FeatureSpace.MAX_FEATURES
                    + " features, had " + attributes.size());
        }
        // Sorted by name, so that z is the same whatever order the definition listed them in.
        for (Map.Entry<String, ?> entry : new TreeMap<String, Object>(attributes).entrySet()) {
            if (entry.getKey().equals(IDENTITY)) {
                throw new InvalidContextException(field + "." + IDENTITY, "is kept for the arm's identity feature "
                        + "(arm=<id>), which every arm has: rename the attribute");
            }
            FeatureSpace.Named feature = FeatureSpace.named(field, entry.getKey(), entry.getValue());
            if (feature != null) {
                side.add(feature);
            }
        }
        return side;
    }

    public FeatureSpace space() {
        return space;
    }

    /**
     * z(x, a) for this arm.
     *
     * @param x the context's features, of this space's dimension
     */
    public Features of(Features x) {
        if (x.dimension() != space.dimension()) {
            throw new IllegalArgumentException("a " + x.dimension() + "-dimensional context cannot be joined with an "
                    + space.dimension() + "-dimensional arm");
        }
        double[] z = new double[space.dimension()];
        for (int k = 0; k < x.size(); k++) {
            int i = x.index(k);
            double xi = x.value(k);
            z[i] += xi;
            if (i == 0) {
                continue;
            }
            int[] slots = crossSlot[i];
            double[] units = crossValue[i];
            for (int f = 0; f < slots.length; f++) {
                z[slots[f]] += (float) (xi * units[f]);
            }
        }
        for (int f = 0; f < armSlot.length; f++) {
            z[armSlot[f]] += armValue[f];
        }
        return sparse(z);
    }

    private Features sparse(double[] z) {
        int n = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) z[i];
            if (z[i] != 0.0 || i == 0) {
                n++;
            }
        }
        int[] index = new int[n];
        double[] value = new double[n];
        n = 0;
        for (int i = 0; i < z.length; i++) {
            if (z[i] != 0.0 || i == 0) {
                index[n] = i;
                value[n++] = z[i];
            }
        }
        return new Features(space.dimension(), index, value);
    }
}
