package dev.lever.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One way to deploy: an overlay, alone or with optional components added by a kustomization of the team's own
 * (the wrapper that docs/deployment.md shows: the overlay as a resource, the components, {@code namespace: lever}).
 */
enum Rendering {
    DEV("dev"),
    PRODUCTION("production"),
    DEV_MONITORED("dev", "service-monitor", "grafana"),
    PRODUCTION_MONITORED("production", "service-monitor", "grafana");

    static final Path K8S = Path.of("k8s").toAbsolutePath();

    private static final Map<Rendering, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    final String overlay;
    final List<String> components;

    Rendering(String overlay, String... components) {
        this.overlay = overlay;
        this.components = List.of(components);
    }

    Path overlayDir() {
        return K8S.resolve("overlays").resolve(overlay);
    }

    /** The objects {@code kubectl apply -k} would send, read strictly; rendered once per test run. */
    List<HasMetadata> objects() {
        return RENDERED.computeIfAbsent(this, rendering -> StrictModel.read(rendering.yaml()));
    }

    private String yaml() {
        if (components.isEmpty()) {
            return Kustomize.render(overlayDir());
        }
        try {
            // kustomize takes relative paths only: the wrapper sits in the build directory, beside the sources.
            Path target = Files.createDirectories(K8S.resolveSibling("target"));
            Path wrapper = Files.createTempDirectory(target, "kustomization");
            try {
                Files.writeString(wrapper.resolve("kustomization.yaml"), """
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        namespace: lever
                        resources:
                          - %s
                        components:
                        %s
                        """.formatted(wrapper.relativize(overlayDir()), components.stream()
                        .map(component -> "  - " + wrapper.relativize(K8S.resolve("components").resolve(component)))
                        .collect(Collectors.joining("\n"))));
                return Kustomize.render(wrapper);
            } finally {
                Files.delete(wrapper.resolve("kustomization.yaml"));
                Files.delete(wrapper);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return components.isEmpty() ? overlay : overlay + " + " + String.join(" + ", components);
    }
}
