package dev.lever.simulation;

import dev.lever.context.LinearModel;
import dev.lever.policy.EpsilonGreedy;
import dev.lever.policy.LinUcb;
import dev.lever.policy.LinearThompson;
import dev.lever.policy.ThompsonSampling;
import dev.lever.policy.Ucb1;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped contextual scenarios, each with its generator written out here (the contexts are what a client would
 * send to {@code /select}; the true means are what the policies must find):
 * <ul>
 *   <li>{@link #twoSegments}: two device segments whose best arms differ;</li>
 *   <li>{@link #linearLogistic}: rewards from a logistic model of numeric and categorical features, so the linear
 *       policies' model is close to, but not, the truth;</li>
 *   <li>{@link #contextDrift}: the two segments with their mix drifting from 80/20 to 20/80, so the best arm over
 *       all traffic changes while the best arm per segment does not;</li>
 *   <li>{@link #classification}: the supervised-to-bandit protocol of Dudik, Langford &amp; Li ("Doubly Robust
 *       Policy Evaluation and Learning", ICML 2011, section 5) on the Iris data set, read from a package
 *       ({@link IrisData}): each flower's measurements are the context, each species an arm, and the reward 1 when
 *       the arm is the flower's species.</li>
 *   <li>{@link #catalogue}: 24 items described by a topic, a length and a video flag, whose appeal depends on the
 *       reader's interest and device, and a 25th item that joins halfway: arm attributes matter, and the shared
 *       model ({@link LinearModel#SHARED}) learns them across items.</li>
 * </ul>
 * Every scenario compares LinUCB and linear Thompson sampling with the context-free policies; the catalogue adds
 * both in the shared model.
 */
public final class ContextualScenarios {

    /** The dimension the scenarios hash contexts into: the service's default. */
    public static final int DIMENSION = 32;
    private static final List<String> COUNTRIES = List.of("de", "fr", "us", "jp");

    private ContextualScenarios() {
    }

    /** Every shipped scenario, with the given repetitions. */
    public static List<ContextualScenario> all(int repetitions) {
        return List.of(twoSegments(repetitions), linearLogistic(repetitions), contextDrift(repetitions),
                classification(repetitions), catalogue(repetitions));
    }

    /** The policies every scenario compares. */
    public static List<ContextualScenario.Contender> contenders() {
        return List.of(
                new ContextualScenario.Contender("linucb(alpha=1)", new LinUcb(1.0, 1.0)),
                new ContextualScenario.Contender("linear-thompson(v=0.25)", new LinearThompson(0.25, 1.0, 1000)),
                new ContextualScenario.Contender("thompson", ThompsonSampling.withDefaults()),
                new ContextualScenario.Contender("ucb1", new Ucb1(Ucb1.DEFAULT_C)),
                new ContextualScenario.Contender("epsilon-greedy(epsilon=0.1)", new EpsilonGreedy(0.1, false)));
    }

    /**
     * Mobile (60% of requests) and desktop users; a country that does not matter. True click rates:
     * mobile ranker-a 0.30, ranker-b 0.15, ranker-c 0.20; desktop ranker-a 0.10, ranker-b 0.25, ranker-c 0.20. Over
     * all traffic ranker-a is best (0.22), so a context-free policy serves desktop users its worst arm.
     */
    public static ContextualScenario twoSegments(int repetitions) {
        return segments("two-segments", "Two device segments with different best arms (60% mobile)", repetitions,
                t -> 0.6, 20_000);
    }

    /**
     * The two segments of {@link #twoSegments} with a mix that drifts linearly from 80% to 20% mobile over the run:
     * the best arm over all traffic turns from ranker-a to ranker-b, the best arm of each segment stays.
     */
    public static ContextualScenario contextDrift(int repetitions) {
        int horizon = 40_000;
        return segments("context-drift", "The two segments, the mix drifting from 80% to 20% mobile", repetitions,
                t -> 0.8 - 0.6 * t / horizon, horizon);
    }

    private static ContextualScenario segments(String name, String description, int repetitions,
            java.util.function.LongToDoubleFunction mobileShare, int horizon) {
        double[] mobile = {0.30, 0.15, 0.20};
        double[] desktop = {0.10, 0.25, 0.20};
        ContextualScenario.Environment environment = (t, rng) -> {
            boolean isMobile = rng.nextDouble() < mobileShare.applyAsDouble(t);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("device", isMobile ? "mobile" : "desktop");
            context.put("country", COUNTRIES.get(rng.nextInt(COUNTRIES.size())));
            return new ContextualScenario.Draw(context, isMobile ? mobile : desktop, isMobile ? 0 : 1);
        };
        return new ContextualScenario(name, description, horizon, repetitions, 11, DIMENSION,
                List.of("ranker-a", "ranker-b", "ranker-c"), List.of("mobile", "desktop"), environment,
                contenders());
    }

    /**
     * Four arms; context: three standard Normal numbers {@code x1, x2, x3} and a plan (free, pro or team, equally
     * likely). P(click) = 1 / (1 + exp(-(w0 + w . x + plan effect))) with
     * offer-a w0 = -1.5, w = (1, 0, 0); offer-b w0 = -1.5, w = (0, 1, 0); offer-c w0 = -1.5, w = (-0.7, -0.7, 0);
     * offer-d w0 = -1.2, w = (0, 0, 0.3), +0.8 for the team plan.
     */
    public static ContextualScenario linearLogistic(int repetitions) {
        double[][] weights = {{-1.5, 1, 0, 0, 0}, {-1.5, 0, 1, 0, 0}, {-1.5, -0.7, -0.7, 0, 0}, {-1.2, 0, 0, 0.3, 0.8}};
        List<String> plans = List.of("free", "pro", "team");
        ContextualScenario.Environment environment = (t, rng) -> {
            double[] z = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            int plan = rng.nextInt(plans.size());
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("x1", z[0]);
            context.put("x2", z[1]);
            context.put("x3", z[2]);
            context.put("plan", plans.get(plan));
            double[] means = new double[weights.length];
            for (int a = 0; a < weights.length; a++) {
                double[] w = weights[a];
                double score = w[0] + w[1] * z[0] + w[2] * z[1] + w[3] * z[2] + (plan == 2 ? w[4] : 0);
                means[a] = 1 / (1 + Math.exp(-score));
            }
            return new ContextualScenario.Draw(context, means, -1);
        };
        return new ContextualScenario("linear-logistic", "Logistic rewards of three numbers and a plan, four offers",
                20_000, repetitions, 12, DIMENSION, List.of("offer-a", "offer-b", "offer-c", "offer-d"), List.of(),
                environment, contenders());
    }

    /**
     * The Iris data set ({@link IrisData}: 150 flowers, 50 of each species) as a bandit, by the supervised-to-bandit
     * reduction of Dudik, Langford &amp; Li (section 5), which Bietti, Agarwal &amp; Langford's bake-off ("A Contextual
     * Bandit Bake-off", JMLR 22, 2021) applies to hundreds of data sets: its four standardised measurements are the
     * context, the arms are the three species, and the reward is 1 when the arm is the flower's species, 0 otherwise.
     * With 150 flowers for 20,000 decisions the data set is passed over many times: each decision draws a flower
     * uniformly at random, with replacement, so contexts are independent draws from the data set's empirical
     * distribution (the stochastic contextual bandit that LinUCB's and linear Thompson sampling's analyses assume),
     * about 133 passes in random order. The segments are the species, so the table shows each species' late
     * accuracy. The best context-aware choice is the one that knows the flower's species (its arm's mean is 1, the
     * others' 0): regret counts the wrong answers and "best arm" is the accuracy. A context-free policy, blind to the
     * flower, cannot beat the largest species' share, 1/3.
     */
    public static ContextualScenario classification(int repetitions) {
        List<ContextualScenario.Draw> draws = IrisData.load().examples().stream().map(example -> {
            double[] means = new double[IrisData.SPECIES.size()];
            means[example.species()] = 1;
            return new ContextualScenario.Draw(example.context(), means, example.species());
        }).toList();
        ContextualScenario.Environment environment = (t, rng) -> draws.get(rng.nextInt(draws.size()));
        return new ContextualScenario("iris", "Supervised to bandit on the Iris data set: 3 species as arms, reward 1 "
                + "for the right one", 20_000, repetitions, 13, DIMENSION, IrisData.SPECIES, IrisData.SPECIES,
                environment, contenders());
    }

    /** The topics of the catalogue's items and of its readers' interests. */
    private static final List<String> TOPICS = List.of("sports", "politics", "tech", "culture");

    /**
     * A catalogue of 24 items, 6 per topic (sports, politics, tech, culture), item i of a topic with length 0.2, 0.5
     * or 0.8 (i mod 3) and a video when i is even; a 25th item, {@code new-tech-clip} (tech, length 0.2, a video),
     * joins at decision 10,000 of 20,000. Context: the reader's {@code interest}, one of the four topics equally
     * likely, and {@code device}, mobile 60% of the time. True click rate of an item for a reader:
     * 0.04 + 0.12 when its topic is the reader's interest + 0.08 (1 - length) on mobile or 0.08 length on desktop
     * + 0.03 for a video on mobile + the item's own quality, in [-0.015, 0.015] (item i of its topic: 0.006 (i - 2.5),
     * the new item 0.015). Every term is a product of a context feature and an item attribute (or the item's
     * identity), which is what the shared model's interactions express; a disjoint model must learn each of the 25
     * items' response to the context on its own traffic, and cannot score the new item before serving it.
     * d = 64: the shared model holds the catalogue's 200 or so features (identities, attributes and their products
     * with 6 context features) in one weight vector, and collisions in 63 slots cost less than in 31.
     */
    public static ContextualScenario catalogue(int repetitions) {
        List<String> arms = new java.util.ArrayList<>();
        Map<String, Map<String, Object>> features = new LinkedHashMap<>();
        List<double[]> items = new java.util.ArrayList<>();
        for (int topic = 0; topic < TOPICS.size(); topic++) {
            for (int i = 0; i < 6; i++) {
                double length = new double[] {0.2, 0.5, 0.8}[i % 3];
                boolean video = i % 2 == 0;
                String id = TOPICS.get(topic) + "-" + i;
                arms.add(id);
                features.put(id, Map.of("topic", TOPICS.get(topic), "length", length, "video", video));
                items.add(new double[] {topic, length, video ? 1 : 0, 0.006 * (i - 2.5)});
            }
        }
        arms.add("new-tech-clip");
        features.put("new-tech-clip", Map.of("topic", "tech", "length", 0.2, "video", true));
        items.add(new double[] {2, 0.2, 1, 0.015});
        ContextualScenario.Environment environment = (t, rng) -> {
            int interest = rng.nextInt(TOPICS.size());
            boolean mobile = rng.nextDouble() < 0.6;
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("interest", TOPICS.get(interest));
            context.put("device", mobile ? "mobile" : "desktop");
            double[] means = new double[items.size()];
            for (int a = 0; a < means.length; a++) {
                double[] item = items.get(a);
                means[a] = 0.04 + (item[0] == interest ? 0.12 : 0) + (mobile ? 0.08 * (1 - item[1]) : 0.08 * item[1])
                        + (mobile && item[2] == 1 ? 0.03 : 0) + item[3];
            }
            return new ContextualScenario.Draw(context, means, mobile ? 0 : 1);
        };
        List<ContextualScenario.Contender> contenders = new java.util.ArrayList<>(List.of(
                new ContextualScenario.Contender("linucb(alpha=1) shared", new LinUcb(1.0, 1.0), LinearModel.SHARED),
                new ContextualScenario.Contender("linear-thompson(v=0.25) shared", new LinearThompson(0.25, 1.0, 1000),
                        LinearModel.SHARED)));
        contenders.addAll(contenders());
        return new ContextualScenario("catalogue", "24 items with a topic, a length and a video flag; a 25th joins at "
                + "decision 10,000", 20_000, repetitions, 14, 64, arms, List.of("mobile", "desktop"), environment,
                contenders, features, Map.of("new-tech-clip", 10_000L));
    }
}
