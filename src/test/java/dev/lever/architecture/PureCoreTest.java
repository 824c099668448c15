package dev.lever.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pure packages (policy, stats, simulation, history, evaluation) must not depend on the service's frameworks, so that the simulator
 * and the tests run the exact code the service runs, without a container.
 */
class PureCoreTest {

    private static final List<String> PURE = List.of("policy", "stats", "simulation", "history", "evaluation",
            "context");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?(io\\.quarkus|io\\.vertx|io\\.smallrye|io\\.micrometer|jakarta|javax\\.ws|"
                    + "redis|io\\.lettuce|org\\.eclipse\\.microprofile|dev\\.lever\\.(decision|experiment|store|error|"
                    + "health|analysis|config|observability|openapi|security|offline))\\b.*$",
            Pattern.MULTILINE);

    @Test
    void purePackagesImportNoFrameworkTypes() throws IOException {
        Path root = Path.of("src/main/java/dev/lever");
        List<String> offences = new ArrayList<>();
        int scanned = 0;
        for (String pkg : PURE) {
            Path dir = root.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    scanned++;
                    var matcher = FORBIDDEN.matcher(Files.readString(file));
                    while (matcher.find()) {
                        offences.add(file + ": " + matcher.group().trim());
                    }
                }
            }
        }
        assertTrue(scanned > 0, "no source of the pure packages was found under " + root.toAbsolutePath());
        assertEquals(List.of(), offences);
    }
}
