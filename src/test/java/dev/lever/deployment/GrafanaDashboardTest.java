package dev.lever.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard asks only for metrics Lever (and Prometheus) export, under their exact names, has the panels
 * docs/deployment.md lists, and filters every per-experiment panel by the experiment variable.
 */
class GrafanaDashboardTest {

    /** Lever's metric families, as the service exports them, plus Prometheus's own {@code up}. */
    private static final Set<String> EXPORTED = Set.of("lever_selections_total", "lever_rewards_total",
            "http_server_requests_seconds_bucket", "lever_redis_round_trip_seconds_bucket",
            "lever_snapshot_age_seconds", "lever_pull_buffer_size", "lever_pulls_dropped_total", "lever_degraded",
            "up");
    private static final Pattern METRIC = Pattern.compile("\\b(lever_\\w+|http_server_\\w+|up)\\s*\\{");

    private final JsonNode dashboard;

    GrafanaDashboardTest() throws IOException {
        dashboard = new ObjectMapper().readTree(Rendering.K8S.resolve("components/grafana/lever-dashboard.json")
                .toFile());
    }

    @Test
    void everyQueryUsesAnExportedMetricWithItsLabels() {
        Set<String> used = new HashSet<>();
        for (JsonNode target : targets()) {
            String expr = target.path("expr").asText();
            Matcher metric = METRIC.matcher(expr);
            boolean any = false;
            while (metric.find()) {
                any = true;
                assertTrue(EXPORTED.contains(metric.group(1)), "unknown metric " + metric.group(1) + " in " + expr);
                used.add(metric.group(1));
            }
            assertTrue(any, "a query without a Lever metric: " + expr);
            if (expr.contains("lever_selections_total") || expr.contains("lever_rewards_total")) {
                assertTrue(expr.matches("(?s).*experiment=\"\\$experiment\".*"), "filtered by experiment: " + expr);
            }
            assertTrue(expr.contains("job=\"$job\""), "filtered by job: " + expr);
        }
        assertEquals(EXPORTED, used, "every exported metric has a panel");
    }

    @Test
    void thePanelsAndVariablesAreThere() {
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> titles.add(panel.path("title").asText()));
        assertTrue(titles.containsAll(List.of("Selections/s per arm", "Share of traffic per arm",
                "Reward rate per arm", "Rewards by outcome", "Latency of /select and /reward", "Redis round trip p99",
                "Snapshot age", "Degraded replicas", "Pull buffer")), "panels: " + titles);
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variable -> variables.add(variable.path("name").asText()));
        assertEquals(List.of("datasource", "job", "experiment"), variables);
        List<String> quantiles = new ArrayList<>();
        targets().forEach(target -> {
            Matcher quantile = Pattern.compile("histogram_quantile\\((0\\.\\d+), sum by \\(le, uri\\)")
                    .matcher(target.path("expr").asText());
            if (quantile.find()) {
                quantiles.add(quantile.group(1));
            }
        });
        assertEquals(List.of("0.5", "0.99"), quantiles, "p50 and p99 of /select and /reward");
    }

    @Test
    void panelsDoNotOverlapAndUseTheDataSourceVariable() {
        Set<String> cells = new HashSet<>();
        dashboard.path("panels").forEach(panel -> {
            JsonNode grid = panel.path("gridPos");
            for (int x = grid.path("x").asInt(); x < grid.path("x").asInt() + grid.path("w").asInt(); x++) {
                for (int y = grid.path("y").asInt(); y < grid.path("y").asInt() + grid.path("h").asInt(); y++) {
                    assertTrue(x < 24 && cells.add(x + "," + y), panel.path("title").asText() + " overlaps at "
                            + x + "," + y);
                }
            }
            if (!"row".equals(panel.path("type").asText())) {
                assertEquals("${datasource}", panel.path("datasource").path("uid").asText());
            }
        });
    }

    private List<JsonNode> targets() {
        List<JsonNode> targets = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(targets::add));
        return targets;
    }
}
