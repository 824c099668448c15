package dev.lever.testing;

import io.restassured.RestAssured;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /q/metrics} in the Prometheus text format, read sample by sample. */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]++|\\\\.)*+)\"");

    /** One sample: its metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    private final List<Sample> samples;

    private Scrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** Scrapes the service under test, as Prometheus would: no API key. */
    public static Scrape now() {
        String text = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return parse(text);
    }

    static Scrape parse(String text) {
        List<Sample> samples = text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).map(line -> {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!sample.matches()) {
                throw new IllegalStateException("not a Prometheus sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            return new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3)));
        }).toList();
        return new Scrape(samples);
    }

    /** Every sample of the metric whose labels include these. */
    public List<Sample> all(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
    }

    /** The value of the one sample of the metric with these labels, or 0 when there is none (a counter unseen). */
    public double value(String name, Map<String, String> labels) {
        List<Sample> found = all(name, labels);
        if (found.size() > 1) {
            throw new IllegalStateException(found.size() + " samples of " + name + " match " + labels + ": " + found);
        }
        return found.isEmpty() ? 0 : found.get(0).value();
    }

    /** Whether any sample of the metric has these labels. */
    public boolean has(String name, Map<String, String> labels) {
        return !all(name, labels).isEmpty();
    }
}
