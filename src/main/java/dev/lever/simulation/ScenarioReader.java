package dev.lever.simulation;

import dev.lever.policy.InvalidParameterException;
import dev.lever.policy.LinUcb;
import dev.lever.policy.LinearThompson;
import dev.lever.policy.Policies;
import dev.lever.policy.Policy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a scenario file (YAML, or JSON, which is YAML too). Every problem is reported with the file, the line and
 * the field, and what would be accepted. See {@code simulations/README.md} for the format.
 */
public final class ScenarioReader {

    private static final Set<String> TOP = Set.of("name", "description", "horizon", "repetitions", "seed", "delay",
            "batch", "decisionsPerSecond", "arms", "policies", "guardrail");
    private static final Set<String> ARM = Set.of("id", "mean", "sd", "copies", "jumps", "drift", "guardrail");
    private static final Set<String> GUARDRAIL = Set.of("metric", "direction", "margin", "marginType", "control",
            "alpha");

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final String file;

    private ScenarioReader(String file) {
        this.file = file;
    }

    /** Reads and validates the scenario in {@code path}. */
    public static Scenario read(Path path) {
        ScenarioReader reader = new ScenarioReader(path.toString());
        Node root;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(in);
        } catch (MarkedYAMLException e) {
            throw new ScenarioException(path + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: "
                    + e.getProblem());
        } catch (IOException e) {
            throw new ScenarioException(path + ": cannot read the file: " + e.getMessage());
        }
        if (root == null) {
            throw new ScenarioException(path + ": the file is empty; see simulations/README.md for the format");
        }
        return reader.scenario(root);
    }

    private Scenario scenario(Node root) {
        Map<String, Node> top = mapping(root, "the file", TOP);
        String fileName = Path.of(file).getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        String name = top.containsKey("name") ? text(top.get("name"), "name") : fileName;
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw error(top.get("name"), "name", "must be 1 to 64 letters, digits, '.', '_' or '-' (it names the "
                    + "output folder), was '" + name + "'");
        }
        String description = top.containsKey("description") ? text(top.get("description"), "description") : "";
        int horizon = (int) whole(required(top, root, "horizon", "the number of decisions per run, e.g. 10000"),
                "horizon", 1, 100_000_000);
        int repetitions = (int) whole(required(top, root, "repetitions", "runs per policy, e.g. 100"),
                "repetitions", 1, 1_000_000);
        long seed = top.containsKey("seed") ? whole(top.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE) : 1;
        int delay = top.containsKey("delay") ? (int) whole(top.get("delay"), "delay", 0, horizon - 1) : 0;
        int batch = top.containsKey("batch") ? (int) whole(top.get("batch"), "batch", 1, horizon) : 1;
        List<ArmModel> arms = arms(required(top, root, "arms", "a list of arms, e.g. [{id: a, mean: 0.5}, ...]"));
        List<Scenario.Contender> policies = policies(required(top, root, "policies",
                "a list of policies, e.g. [{type: thompson}, {type: ucb1}]"));
        double decisionsPerSecond = 1;
        if (top.containsKey("decisionsPerSecond")) {
            decisionsPerSecond = number(top.get("decisionsPerSecond"), "decisionsPerSecond");
            if (!(decisionsPerSecond > 0)) {
                throw error(top.get("decisionsPerSecond"), "decisionsPerSecond", "must be > 0, was "
                        + decisionsPerSecond);
            }
        } else {
            for (Scenario.Contender contender : policies) {
                if (contender.policy().discount().isPresent()) {
                    throw error(root, "decisionsPerSecond", "is missing: " + contender.label() + " discounts "
                            + "evidence by its age, so the scenario must say how many decisions it models per "
                            + "second, e.g. decisionsPerSecond: 2");
                }
            }
        }
        GuardrailModel guardrail = top.containsKey("guardrail") ? guardrail(top.get("guardrail"), arms) : null;
        for (int i = 0; i < arms.size(); i++) {
            if ((arms.get(i).guardrail() == null) != (guardrail == null)) {
                throw error(top.get("arms"), "arms[" + i + "].guardrail", guardrail == null
                        ? "applies when the scenario declares a guardrail: add one at the top level, or remove it"
                        : "is missing: with a guardrail, every arm needs its {mean, sd} (sd 0: a rate)");
            }
        }
        return new Scenario(name, description, horizon, repetitions, seed, arms, delay, batch, decisionsPerSecond,
                policies, guardrail);
    }

    /** The guardrail and its stop rule, validated as the service validates a guardrail metric. */
    private GuardrailModel guardrail(Node node, List<ArmModel> arms) {
        Map<String, Node> g = mapping(node, "guardrail", GUARDRAIL);
        String metric = text(required(g, node, "metric", "the metric's name, e.g. latency"), "guardrail.metric");
        String direction = g.containsKey("direction") ? text(g.get("direction"), "guardrail.direction") : "higher";
        if (!direction.equals("higher") && !direction.equals("lower")) {
            throw error(g.get("direction"), "guardrail.direction", "must be higher or lower, was '" + direction + "'");
        }
        String marginType = g.containsKey("marginType") ? text(g.get("marginType"), "guardrail.marginType")
                : "relative";
        if (!marginType.equals("relative") && !marginType.equals("absolute")) {
            throw error(g.get("marginType"), "guardrail.marginType", "must be relative or absolute, was '"
                    + marginType + "'");
        }
        double margin = number(required(g, node, "margin", "how much worse an arm may be, e.g. 0.1 for 10%"),
                "guardrail.margin");
        if (!(margin >= 0 && (marginType.equals("absolute") || margin <= 10))) {
            throw error(g.get("margin"), "guardrail.margin", "must be " + (marginType.equals("relative")
                    ? "in [0, 10] (a share of the control's value)" : ">= 0") + ", was " + margin);
        }
        String control = g.containsKey("control") ? text(g.get("control"), "guardrail.control") : arms.get(0).id();
        int index = arms.stream().map(ArmModel::id).toList().indexOf(control);
        if (index < 0) {
            throw error(g.get("control"), "guardrail.control", "must be one of the arm ids, was '" + control + "'");
        }
        double alpha = g.containsKey("alpha") ? number(g.get("alpha"), "guardrail.alpha") : 0.05;
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw error(g.get("alpha"), "guardrail.alpha", "must be in (0, 0.5], was " + alpha);
        }
        return new GuardrailModel(metric, direction.equals("higher"), margin, marginType.equals("relative"), index,
                alpha);
    }

    private ArmModel.Values armGuardrail(Node node, String path) {
        if (node == null) {
            return null;
        }
        Map<String, Node> values = mapping(node, path, Set.of("mean", "sd"));
        double mean = number(required(values, node, "mean", "the metric's true mean on this arm"), path + ".mean");
        double sd = values.containsKey("sd") ? number(values.get("sd"), path + ".sd") : 0;
        if (sd < 0) {
            throw error(values.get("sd"), path + ".sd", "must be >= 0 (0 or absent: a rate), was " + sd);
        }
        checkMean(values.get("mean"), path + ".mean", mean, sd == 0);
        return new ArmModel.Values(mean, sd);
    }

    private List<ArmModel> arms(Node node) {
        List<Node> items = sequence(node, "arms");
        List<ArmModel> arms = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        Boolean bernoulli = null;
        for (int i = 0; i < items.size(); i++) {
            String path = "arms[" + i + "]";
            Map<String, Node> arm = mapping(items.get(i), path, ARM);
            String id = text(required(arm, items.get(i), "id", "a name for the arm"), path + ".id");
            double mean = number(required(arm, items.get(i), "mean", "the true mean reward"), path + ".mean");
            double sd = arm.containsKey("sd") ? number(arm.get("sd"), path + ".sd") : 0;
            if (sd < 0) {
                throw error(arm.get("sd"), path + ".sd", "must be >= 0 (0 or absent: a Bernoulli arm), was " + sd);
            }
            if (bernoulli != null && bernoulli != (sd == 0)) {
                throw error(items.get(i), path, "mixes Bernoulli and Gaussian arms: give every arm an sd > 0, or "
                        + "none");
            }
            bernoulli = sd == 0;
            List<ArmModel.Jump> jumps = jumps(arm.get("jumps"), path + ".jumps", sd == 0);
            ArmModel.Drift drift = drift(arm.get("drift"), path + ".drift", sd == 0);
            checkMean(arm.get("mean"), path + ".mean", mean, sd == 0);
            int copies = arm.containsKey("copies") ? (int) whole(arm.get("copies"), path + ".copies", 1, 1000) : 1;
            ArmModel.Values guardrail = armGuardrail(arm.get("guardrail"), path + ".guardrail");
            for (int c = 1; c <= copies; c++) {
                String armId = copies == 1 ? id : id + "-" + c;
                if (!ids.add(armId)) {
                    throw error(items.get(i), path + ".id", "'" + armId + "' appears twice; arm ids must be unique");
                }
                arms.add(new ArmModel(armId, mean, sd, jumps, drift, guardrail));
            }
        }
        if (arms.size() < 2 || arms.size() > 1000) {
            throw error(node, "arms", "must define 2 to 1000 arms, was " + arms.size());
        }
        return arms;
    }

    private List<ArmModel.Jump> jumps(Node node, String path, boolean bernoulli) {
        if (node == null) {
            return List.of();
        }
        List<ArmModel.Jump> jumps = new ArrayList<>();
        List<Node> items = sequence(node, path);
        long last = -1;
        for (int i = 0; i < items.size(); i++) {
            String item = path + "[" + i + "]";
            Map<String, Node> jump = mapping(items.get(i), item, Set.of("at", "mean"));
            long at = whole(required(jump, items.get(i), "at", "the step of the jump"), item + ".at", 0,
                    Long.MAX_VALUE);
            if (at <= last) {
                throw error(jump.get("at"), item + ".at", "must be after the previous jump's step " + last);
            }
            last = at;
            double mean = number(required(jump, items.get(i), "mean", "the mean after the jump"), item + ".mean");
            checkMean(jump.get("mean"), item + ".mean", mean, bernoulli);
            jumps.add(new ArmModel.Jump(at, mean));
        }
        return jumps;
    }

    private ArmModel.Drift drift(Node node, String path, boolean bernoulli) {
        if (node == null) {
            return null;
        }
        Map<String, Node> drift = mapping(node, path, Set.of("from", "until", "to"));
        long from = whole(required(drift, node, "from", "the step the drift starts"), path + ".from", 0,
                Long.MAX_VALUE);
        long until = whole(required(drift, node, "until", "the step the drift ends"), path + ".until", from + 1,
                Long.MAX_VALUE);
        double to = number(required(drift, node, "to", "the mean at the end of the drift"), path + ".to");
        checkMean(drift.get("to"), path + ".to", to, bernoulli);
        return new ArmModel.Drift(from, until, to);
    }

    private void checkMean(Node node, String path, double mean, boolean bernoulli) {
        if (bernoulli && !(mean >= 0 && mean <= 1)) {
            throw error(node, path, "must be in [0, 1] for a Bernoulli arm (give an sd for a Gaussian arm), was "
                    + mean);
        }
    }

    private List<Scenario.Contender> policies(Node node) {
        List<Node> items = sequence(node, "policies");
        if (items.isEmpty()) {
            throw error(node, "policies", "must list at least one policy, e.g. [{type: thompson}]");
        }
        List<Scenario.Contender> contenders = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "policies[" + i + "]";
            Map<String, Node> entry = mapping(items.get(i), path, null);
            String type = text(required(entry, items.get(i), "type", "one of " + String.join(", ",
                    Policies.TYPES)), path + ".type");
            if (type.equals(LinUcb.TYPE) || type.equals(LinearThompson.TYPE)) {
                throw error(entry.get("type"), path + ".type", type + " chooses by the request's context, which a "
                        + "scenario file's arms do not have: run the contextual scenarios with ./simulate --contextual");
            }
            List<Map<String, Object>> variants = new ArrayList<>();
            variants.add(new LinkedHashMap<>());
            for (Map.Entry<String, Node> parameter : entry.entrySet()) {
                if (parameter.getKey().equals("type")) {
                    continue;
                }
                String field = path + "." + parameter.getKey();
                Node value = parameter.getValue();
                boolean listParameter = parameter.getKey().equals("weights");
                List<Object> sweep = new ArrayList<>();
                if (value instanceof SequenceNode seq && !listParameter) {
                    for (Node v : seq.getValue()) {
                        sweep.add(scalar(v, field));
                    }
                } else if (value instanceof SequenceNode seq) {
                    List<Object> list = new ArrayList<>();
                    for (Node v : seq.getValue()) {
                        list.add(scalar(v, field));
                    }
                    sweep.add(list);
                } else {
                    sweep.add(scalar(value, field));
                }
                List<Map<String, Object>> expanded = new ArrayList<>();
                for (Map<String, Object> variant : variants) {
                    for (Object v : sweep) {
                        Map<String, Object> next = new LinkedHashMap<>(variant);
                        next.put(parameter.getKey(), v);
                        expanded.add(next);
                    }
                }
                variants = expanded;
            }
            for (Map<String, Object> parameters : variants) {
                Policy policy;
                try {
                    policy = Policies.of(type, parameters);
                } catch (InvalidParameterException e) {
                    Node at = e.parameter().equals("type") ? entry.get("type")
                            : entry.getOrDefault(e.parameter(), items.get(i));
                    throw error(at, path + "." + e.parameter(), e.reason());
                }
                String label = parameters.isEmpty() ? type : type + "(" + String.join(", ",
                        parameters.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue()).toList()) + ")";
                if (!labels.add(label)) {
                    throw error(items.get(i), path, "repeats " + label + "; each policy may appear once");
                }
                contenders.add(new Scenario.Contender(label, policy));
            }
        }
        return contenders;
    }

    private Object scalar(Node node, String path) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, path, "must be a number, true/false, a duration (6h), or a list of them for a sweep");
        }
        String text = scalar.getValue();
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        // Java would also read "1d" and "2f" as numbers; a duration such as 1d must stay text.
        return NUMBER.matcher(text).matches() ? (Object) Double.parseDouble(text) : text;
    }

    private Map<String, Node> mapping(Node node, String path, Set<String> allowed) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, path, "must be a mapping of keys to values");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = text(tuple.getKeyNode(), path + " key");
            if (allowed != null && !allowed.contains(key)) {
                throw error(tuple.getKeyNode(), path, "has an unknown key '" + key + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (entries.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), path, "has the key '" + key + "' twice");
            }
        }
        return entries;
    }

    private List<Node> sequence(Node node, String path) {
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, path, "must be a list");
        }
        return seq.getValue();
    }

    private Node required(Map<String, Node> map, Node parent, String key, String what) {
        Node node = map.get(key);
        if (node == null) {
            throw error(parent, key, "is missing: " + what);
        }
        return node;
    }

    private String text(Node node, String path) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, path, "must be a single value");
        }
        return scalar.getValue();
    }

    private double number(Node node, String path) {
        String value = text(node, path);
        try {
            double number = Double.parseDouble(value);
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(node, path, "must be a finite number, was '" + value + "'");
    }

    private long whole(Node node, String path, long min, long max) {
        String value = text(node, path).replace("_", "");
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw error(node, path, "must be a whole number in [" + min + ", " + max + "], was '" + value + "'");
        }
        if (number < min || number > max) {
            throw error(node, path, "must be in [" + min + ", " + max + "], was " + number);
        }
        return number;
    }

    private ScenarioException error(Node node, String path, String problem) {
        String line = node == null ? "" : ":" + (node.getStartMark().getLine() + 1);
        return new ScenarioException(file + line + ": " + path + " " + problem);
    }
}
