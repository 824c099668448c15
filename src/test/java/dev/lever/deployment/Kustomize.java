package dev.lever.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a kustomization with {@code kubectl kustomize}, the kustomize built into kubectl: offline, no cluster.
 * There is no kustomize for the JVM, so the real one renders; a missing or too old kubectl fails the test with
 * what to install rather than skipping it.
 */
final class Kustomize {

    /** Components ({@code kind: Component}) came with kustomize 3.7; kubectl 1.21 and later embed v4 or v5. */
    private static final int MIN_MAJOR = 4;
    private static final Pattern VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.");

    private static String checkedVersion;

    private Kustomize() {
    }

    /** The YAML stream that {@code kubectl apply -k dir} would apply. */
    static String render(Path dir) {
        requireKubectl();
        ProcessResult result = run(List.of("kubectl", "kustomize", dir.toString()), 60);
        if (result.exit != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + result.errors);
        }
        return result.output;
    }

    private static synchronized void requireKubectl() {
        if (checkedVersion != null) {
            return;
        }
        ProcessResult result;
        try {
            result = run(List.of("kubectl", "version", "--client"), 30);
        } catch (AssertionError e) {
            throw new AssertionError("The Kubernetes manifests are rendered with kubectl (1.21 or newer, for its "
                    + "kustomize v4+), which is not on the PATH. Install it (see docs/development.md) and run again.", e);
        }
        Matcher version = VERSION.matcher(result.output);
        if (result.exit != 0 || !version.find() || Integer.parseInt(version.group(1)) < MIN_MAJOR) {
            throw new AssertionError("The Kubernetes manifests need kubectl 1.21 or newer (kustomize v" + MIN_MAJOR
                    + "+, for components); `kubectl version --client` said:\n" + result.output + result.errors);
        }
        checkedVersion = version.group(0);
    }

    private record ProcessResult(int exit, String output, String errors) {
    }

    private static ProcessResult run(List<String> command, int timeoutSeconds) {
        try {
            Path output = Files.createTempFile("kustomize", ".out");
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds
                            + " s");
                }
                return new ProcessResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                        Files.readString(errors, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }
}
