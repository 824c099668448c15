package dev.lever.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds policies from their wire form, a type name and a map of parameters, as found in an experiment's JSON or
 * a simulation scenario. Unknown types, unknown parameters and values of the wrong type are refused with an
 * {@link InvalidParameterException} naming the parameter.
 */
public final class Policies {

    /** The wire names of every policy type. */
    public static final List<String> TYPES =
            List.of(EpsilonGreedy.TYPE, Ucb1.TYPE, ThompsonSampling.TYPE, DiscountedThompson.TYPE, DiscountedUcb.TYPE,
                    FixedSplit.TYPE, LinUcb.TYPE, LinearThompson.TYPE);

    private Policies() {
    }

    /**
     * The policy of the given type with the given parameters; absent parameters take their defaults.
     *
     * @param type a name from {@link #TYPES}
     * @param parameters parameter values by name (numbers, booleans)
     * @throws InvalidParameterException when the type or any parameter is not allowed
     */
    public static Policy of(String type, Map<String, ?> parameters) {
        if (type == null) {
            throw new InvalidParameterException("type", "is required; one of " + String.join(", ", TYPES));
        }
        switch (type) {
            case EpsilonGreedy.TYPE:
                allowOnly(type, parameters, Set.of("epsilon", "decay"));
                return new EpsilonGreedy(
                        number(parameters, "epsilon", EpsilonGreedy.DEFAULT_EPSILON),
                        bool(parameters, "decay", false));
            case Ucb1.TYPE:
                allowOnly(type, parameters, Set.of("c"));
                return new Ucb1(number(parameters, "c", Ucb1.DEFAULT_C));
            case ThompsonSampling.TYPE:
                allowOnly(type, parameters, Set.of("alpha", "beta", "propensityDraws"));
                return new ThompsonSampling(
                        number(parameters, "alpha", 1.0),
                        number(parameters, "beta", 1.0),
                        integer(parameters, "propensityDraws", ThompsonSampling.DEFAULT_PROPENSITY_DRAWS));
            case DiscountedThompson.TYPE:
                allowOnly(type, parameters, Set.of("halfLife", "alpha", "beta", "propensityDraws"));
                return new DiscountedThompson(
                        halfLife(parameters),
                        number(parameters, "alpha", 1.0),
                        number(parameters, "beta", 1.0),
                        integer(parameters, "propensityDraws", ThompsonSampling.DEFAULT_PROPENSITY_DRAWS));
            case DiscountedUcb.TYPE:
                allowOnly(type, parameters, Set.of("halfLife", "c"));
                return new DiscountedUcb(halfLife(parameters), number(parameters, "c", Ucb1.DEFAULT_C));
            case FixedSplit.TYPE:
                return fixedSplit(parameters);
            case LinUcb.TYPE:
                allowOnly(type, parameters, Set.of("alpha", "ridge"));
                return new LinUcb(number(parameters, "alpha", LinUcb.DEFAULT_ALPHA),
                        number(parameters, "ridge", LinUcb.DEFAULT_RIDGE));
            case LinearThompson.TYPE:
                allowOnly(type, parameters, Set.of("v", "ridge", "propensityDraws"));
                return new LinearThompson(number(parameters, "v", LinearThompson.DEFAULT_V),
                        number(parameters, "ridge", LinUcb.DEFAULT_RIDGE),
                        integer(parameters, "propensityDraws", ThompsonSampling.DEFAULT_PROPENSITY_DRAWS));
            default:
                throw new InvalidParameterException("type",
                        "must be one of " + String.join(", ", TYPES) + ", was '" + type + "'");
        }
    }

    /**
     * The fixed split with the given parameters: {@code weights}, a list of shares in arm order, or none for equal
     * shares.
     *
     * @throws InvalidParameterException when a parameter is not allowed
     */
    public static FixedSplit fixedSplit(Map<String, ?> parameters) {
        allowOnly(FixedSplit.TYPE, parameters, Set.of("weights"));
        return new FixedSplit(numbers(parameters, "weights"));
    }

    private static void allowOnly(String type, Map<String, ?> parameters, Set<String> allowed) {
        for (String name : parameters.keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidParameterException(name, "is not a parameter of " + type + "; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static double number(Map<String, ?> parameters, String name, double fallback) {
        Object value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new InvalidParameterException(name, "must be a number, was " + describe(value));
    }

    /** The required half-life of a discounted policy, written as a duration ({@code 6h}). */
    private static Duration halfLife(Map<String, ?> parameters) {
        Object value = parameters.get("halfLife");
        if (value == null) {
            throw new InvalidParameterException("halfLife", "is required: the age after which old evidence counts "
                    + "half, " + DurationText.FORMS);
        }
        Duration duration = value instanceof String text ? DurationText.parse(text) : null;
        if (duration == null) {
            throw new InvalidParameterException("halfLife", "must be " + DurationText.FORMS + ", was "
                    + describe(value));
        }
        return duration;
    }

    private static List<Double> numbers(Map<String, ?> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidParameterException(name, "must be a list of numbers, was " + describe(value));
        }
        List<Double> numbers = new java.util.ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof Number n)) {
                throw new InvalidParameterException(name, "must be a list of numbers, was " + list);
            }
            numbers.add(n.doubleValue());
        }
        return numbers;
    }

    private static int integer(Map<String, ?> parameters, String name, int fallback) {
        double value = number(parameters, name, fallback);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new InvalidParameterException(name, "must be a whole number, was " + value);
        }
        return (int) value;
    }

    private static boolean bool(Map<String, ?> parameters, String name, boolean fallback) {
        Object value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InvalidParameterException(name, "must be true or false, was " + describe(value));
    }

    private static String describe(Object value) {
        return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }
}
