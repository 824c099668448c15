package dev.lever.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lever.testing.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The examples of the README and the guides are what the service answers, so they cannot drift: every {@code curl}
 * shown in a {@code console} block runs, in order, against the service, and its answer must carry every field the
 * shown output carries, with the same status and the same values where the values do not depend on chance (an
 * experiment's id, a reward's status, an error's title and field). A {@code bash} block that sends traffic runs too,
 * with its loop bounds cut to a tenth so the suite stays fast. Decision ids shown are replaced by the ones the
 * service issued. Commands other than {@code curl} (Maven, kubectl, the simulator) are the business of other tests.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class DocsExamplesTest {

    /** Fields whose shown values must be the answer's: those that do not depend on random draws or traffic. */
    private static final Set<String> EXACT = Set.of("id", "experiment", "status", "reward", "rewardWindow", "split",
            "unit", "test", "control", "title", "field", "type", "form", "direction", "role", "stickyTtl");

    private static final Pattern KEY = Pattern.compile("\"([A-Za-z][A-Za-z0-9_]*)\"\\s*:");
    private static final Pattern STRING_FIELD = Pattern.compile("\"([A-Za-z][A-Za-z0-9_]*)\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern DECISION_ID = Pattern.compile("\"decisionId\"\\s*:\\s*\"([^\"]+)\"");

    @TestHTTPResource("/")
    URL service;

    @TestFactory
    Stream<DynamicTest> everyGuideRunsAsShown() throws IOException {
        List<Path> guides = new ArrayList<>();
        guides.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(guides::add);
        }
        return guides.stream().map(guide -> DynamicTest.dynamicTest(guide.toString(), () -> run(guide)));
    }

    /** One example: a shell command and the output shown under it. */
    private record Example(String language, String command, String output, int line) {
    }

    private void run(Path guide) throws Exception {
        List<Example> examples = examples(Files.readAllLines(guide));
        for (String id : createdExperiments(examples)) {
            RestAssured.given().delete(url("/experiments/" + id));
        }
        Map<String, String> decisionIds = new LinkedHashMap<>();
        String previous = null;
        for (Example example : examples) {
            String command = example.command();
            for (Map.Entry<String, String> id : decisionIds.entrySet()) {
                command = command.replace(id.getKey(), id.getValue());
            }
            if (example.language().equals("bash")) {
                if (command.contains("localhost:8080")) {
                    runScript(guide, example, command);
                }
                continue;
            }
            if (command.startsWith("#") && previous != null) {
                command = previous; // "$ # the same call again"
            }
            if (!command.startsWith("curl ")) {
                continue;
            }
            previous = command;
            Response answer = send(guide, example, Shell.words(command));
            check(guide, example, answer, decisionIds);
        }
    }

    /** The ids of the experiments the guide creates with a PUT, so that it starts from none of them. */
    private static Set<String> createdExperiments(List<Example> examples) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher put = Pattern.compile("-X PUT \\S*/experiments/([a-z0-9._-]+)").matcher("");
        for (Example example : examples) {
            put.reset(example.command());
            while (put.find()) {
                ids.add(put.group(1));
            }
        }
        return ids;
    }

    private Response send(Path guide, Example example, List<String> words) {
        RequestSpecification request = RestAssured.given().urlEncodingEnabled(false);
        String method = "GET";
        String target = null;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-s", "-i", "-sS" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String[] header = words.get(++i).split(":\\s*", 2);
                    request.header(header[0], header[1]);
                }
                case "-d", "--data" -> {
                    request.body(words.get(++i));
                    if (method.equals("GET")) {
                        method = "POST";
                    }
                }
                default -> {
                    if (word.startsWith("-")) {
                        fail(where(guide, example) + ": the docs test does not know curl's " + word);
                    }
                    target = word;
                }
            }
        }
        if (target == null) {
            fail(where(guide, example) + ": no URL in " + words);
        }
        return request.request(method, url(target.replaceFirst("^(http://)?localhost:8080", "")));
    }

    private void check(Path guide, Example example, Response answer, Map<String, String> decisionIds) {
        String shown = example.output().strip();
        String body = answer.asString();
        String at = where(guide, example);
        Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(shown);
        if (status.find()) {
            assertEquals(Integer.parseInt(status.group(1)), answer.statusCode(), at + ": status");
            return;
        }
        if (shown.isEmpty()) {
            assertTrue(answer.statusCode() < 300, at + ": answered " + answer.statusCode() + " " + body);
            return;
        }
        boolean problemShown = shown.contains("\"status\":4") || shown.contains("\"status\": 4");
        if (!problemShown) {
            assertTrue(answer.statusCode() < 300, at + ": answered " + answer.statusCode() + " " + body);
        }
        Set<String> answered = new LinkedHashSet<>();
        Matcher key = KEY.matcher(body);
        while (key.find()) {
            answered.add(key.group(1));
        }
        key = KEY.matcher(shown);
        while (key.find()) {
            assertTrue(answered.contains(key.group(1)), at + ": the answer has no field '" + key.group(1)
                    + "' that the guide shows; it was " + body);
        }
        Matcher field = STRING_FIELD.matcher(shown);
        while (field.find()) {
            if (EXACT.contains(field.group(1)) && !field.group(2).contains("...")) {
                assertTrue(body.matches("(?s).*\"" + Pattern.quote(field.group(1)) + "\"\\s*:\\s*\""
                        + Pattern.quote(field.group(2)) + "\".*"), at + ": the guide shows " + field.group()
                        + ", the answer was " + body);
            }
        }
        Matcher shownId = DECISION_ID.matcher(shown);
        Matcher issued = DECISION_ID.matcher(body);
        if (shownId.find() && issued.find()) {
            decisionIds.put(shownId.group(1), issued.group(1));
        }
    }

    /** Runs a traffic script against the service, with its loop bounds cut to a tenth. */
    private void runScript(Path guide, Example example, String script) throws Exception {
        Matcher seq = Pattern.compile("\\$\\(seq 1 (\\d+)\\)").matcher(script);
        StringBuilder scaled = new StringBuilder();
        while (seq.find()) {
            long bound = Long.parseLong(seq.group(1));
            seq.appendReplacement(scaled, "\\$(seq 1 " + Math.max(1, bound >= 100 ? bound / 10 : bound) + ")");
        }
        seq.appendTail(scaled);
        String local = scaled.toString().replace("localhost:8080", url("").replaceFirst("^http://", "")
                .replaceFirst("/$", ""));
        Process process = new ProcessBuilder("bash", "-c", "set -e\n" + local).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), where(guide, example) + ": the script did not end");
        assertEquals(0, process.exitValue(), where(guide, example) + ": the script failed: " + output);
    }

    private String url(String path) {
        String base = service.toString().replaceFirst("/$", "");
        return base + (path.startsWith("/") || path.isEmpty() ? path : "/" + path);
    }

    private static String where(Path guide, Example example) {
        return guide + ":" + example.line();
    }

    /** The shell commands of the console and bash blocks, each with the output shown under it. */
    static List<Example> examples(List<String> lines) {
        List<Example> examples = new ArrayList<>();
        String language = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                language = language == null ? line.substring(3).strip() : null;
                continue;
            }
            if ("bash".equals(language)) {
                int start = i;
                StringBuilder script = new StringBuilder();
                while (!lines.get(i).startsWith("```")) {
                    script.append(lines.get(i++)).append('\n');
                }
                i--;
                examples.add(new Example("bash", script.toString(), "", start + 1));
                continue;
            }
            if (!"console".equals(language) || !line.startsWith("$ ")) {
                continue;
            }
            int start = i;
            StringBuilder command = new StringBuilder(line.substring(2));
            while (!Shell.complete(command.toString()) && i + 1 < lines.size()) {
                command.append('\n').append(lines.get(++i));
            }
            StringBuilder output = new StringBuilder();
            while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ") && !lines.get(i + 1).startsWith("```")) {
                output.append(lines.get(++i)).append('\n');
            }
            examples.add(new Example("console", Shell.stripComment(command.toString()).strip(), output.toString(),
                    start + 1));
        }
        return examples;
    }
}
