package dev.lever.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way to deploy (each overlay, alone and with the optional components) renders, every object matches the
 * Kubernetes API schema (StrictModel), and the objects keep the rules of docs/deployment.md: Pod Security
 * "restricted" for every pod, resources and probes on every container, pinned images with Lever's set by
 * kustomize, secrets only from Secrets, Redis persistent and bounded in memory, a disruption budget per workload,
 * and network policies that let only Lever reach Redis.
 */
class KubernetesManifestsTest {

    private static final String NAMESPACE = "lever";
    private static final String NAME = "app.kubernetes.io/name";
    /** A version tag (1.2.3, v1.2.3, 1.2.3-alpine) or a digest: never latest, never a bare major. */
    private static final Pattern PINNED = Pattern.compile(".+(:v?\\d+\\.\\d+\\.\\d+[\\w.-]*(@sha256:[0-9a-f]{64})?"
            + "|@sha256:[0-9a-f]{64})");
    private static final Pattern SECRET_LIKE = Pattern.compile("PASSWORD|SECRET|KEYS?$|TOKEN|AUTH");
    /** The volume types Pod Security "restricted" allows. */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    /** The Secrets (and keys) that docs/deployment.md tells the platform team to create. */
    private static final Map<String, Set<String>> DOCUMENTED_SECRETS = Map.of(
            "lever-secrets", Set.of("decision-secret", "admin-keys", "client-keys", "viewer-keys"),
            "lever-redis", Set.of("password"));

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void everyObjectIsInTheRestrictedNamespace(Rendering rendering) {
        List<HasMetadata> objects = rendering.objects();
        Namespace namespace = one(objects, Namespace.class, NAMESPACE);
        assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        List<String> misplaced = objects.stream()
                .filter(object -> !(object instanceof Namespace))
                .filter(object -> !NAMESPACE.equals(object.getMetadata().getNamespace()))
                .map(KubernetesManifestsTest::id)
                .toList();
        assertEquals(List.of(), misplaced, "objects outside the lever namespace");
        assertTrue(objects.stream().noneMatch(Secret.class::isInstance),
                "no Secret is shipped: the platform team creates them (docs/deployment.md)");
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void everyPodPassesPodSecurityRestricted(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        forEachPod(rendering, (workload, pod) -> {
            PodSpec spec = pod.getSpec();
            PodSecurityContext context = spec.getSecurityContext();
            if (context == null || !Boolean.TRUE.equals(context.getRunAsNonRoot()) || context.getRunAsUser() == null
                    || context.getRunAsUser() == 0) {
                violations.add(workload + ": runAsNonRoot with a numeric non-zero runAsUser");
            }
            if (context == null || context.getSeccompProfile() == null
                    || !"RuntimeDefault".equals(context.getSeccompProfile().getType())) {
                violations.add(workload + ": seccompProfile RuntimeDefault");
            }
            if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID())
                    || Boolean.TRUE.equals(spec.getHostIPC())) {
                violations.add(workload + ": no host namespaces");
            }
            if (!Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
                violations.add(workload + ": no service account token (nothing calls the Kubernetes API)");
            }
            for (Volume volume : spec.getVolumes()) {
                String type = volumeType(volume);
                if (!RESTRICTED_VOLUMES.contains(type)) {
                    violations.add(workload + ": volume " + volume.getName() + " of type " + type);
                }
            }
            for (Container container : containers(spec)) {
                String where = workload + " container " + container.getName();
                SecurityContext security = container.getSecurityContext();
                if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                    violations.add(where + ": allowPrivilegeEscalation false");
                }
                if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                    violations.add(where + ": readOnlyRootFilesystem true");
                }
                if (security == null || security.getCapabilities() == null
                        || !security.getCapabilities().getDrop().contains("ALL")
                        || !security.getCapabilities().getAdd().isEmpty()) {
                    violations.add(where + ": capabilities drop ALL, add none");
                }
                if (security != null && (Boolean.TRUE.equals(security.getPrivileged())
                        || security.getRunAsUser() != null && security.getRunAsUser() == 0)) {
                    violations.add(where + ": neither privileged nor root");
                }
                if (container.getPorts().stream().anyMatch(port -> port.getHostPort() != null)) {
                    violations.add(where + ": no host port");
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void everyContainerHasResourcesProbesAndAPinnedImage(Rendering rendering) {
        List<String> violations = new ArrayList<>();
        forEachPod(rendering, (workload, pod) -> {
            for (Container container : containers(pod.getSpec())) {
                String where = workload + " container " + container.getName();
                var resources = container.getResources();
                if (resources == null || !resources.getRequests().containsKey("cpu")
                        || !resources.getRequests().containsKey("memory")
                        || !resources.getLimits().containsKey("memory")) {
                    violations.add(where + ": cpu and memory requests and a memory limit");
                }
                if (container.getReadinessProbe() == null || container.getLivenessProbe() == null) {
                    violations.add(where + ": readiness and liveness probes");
                }
                if (!PINNED.matcher(container.getImage()).matches()) {
                    violations.add(where + ": image " + container.getImage() + " is not pinned to a version");
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void leversImageIsTheOneTheOverlaySets(Rendering rendering) throws IOException {
        JsonNode kustomization = new ObjectMapper(new YAMLFactory())
                .readTree(rendering.overlayDir().resolve("kustomization.yaml").toFile());
        JsonNode image = Stream.of(kustomization.path("images")).flatMap(images -> {
            List<JsonNode> entries = new ArrayList<>();
            images.forEach(entries::add);
            return entries.stream();
        }).filter(entry -> "lever".equals(entry.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(rendering.overlay + " has no images: entry for lever"));
        Container lever = leverContainer(rendering);
        assertEquals(image.path("newName").asText() + ":" + image.path("newTag").asText(), lever.getImage());
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void secretsComeOnlyFromTheDocumentedSecrets(Rendering rendering) throws IOException {
        List<String> violations = new ArrayList<>();
        forEachPod(rendering, (workload, pod) -> {
            for (Container container : containers(pod.getSpec())) {
                for (EnvVar env : container.getEnv()) {
                    String where = workload + " container " + container.getName() + " env " + env.getName();
                    var reference = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
                    if (SECRET_LIKE.matcher(env.getName()).find() && reference == null) {
                        violations.add(where + ": a secret must come from a Secret");
                    }
                    if (reference != null && !DOCUMENTED_SECRETS.getOrDefault(reference.getName(), Set.of())
                            .contains(reference.getKey())) {
                        violations.add(where + ": " + reference.getName() + "/" + reference.getKey()
                                + " is not a documented Secret key");
                    }
                }
            }
        });
        for (ConfigMap config : all(rendering.objects(), ConfigMap.class)) {
            config.getData().forEach((file, text) -> {
                Matcher literal = Pattern.compile("(?m)^\\s*(requirepass|masterauth|sentinel auth-pass \\S+)\\s+(?!\"?\\$)")
                        .matcher(text);
                if (literal.find()) {
                    violations.add(id(config) + " " + file + ": a literal password (" + literal.group(1) + ")");
                }
            });
        }
        assertEquals(List.of(), violations);
        String guide = Files.readString(Rendering.K8S.resolveSibling("docs").resolve("deployment.md"));
        DOCUMENTED_SECRETS.forEach((secret, keys) -> {
            assertTrue(guide.contains("create secret generic " + secret), "docs/deployment.md creates " + secret);
            keys.forEach(key -> assertTrue(guide.contains("--from-literal=" + key + "="),
                    "docs/deployment.md gives " + secret + " its " + key));
        });
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void redisIsPersistentAndRefusesWritesBeforeItsMemoryLimit(Rendering rendering) {
        StatefulSet redis = one(rendering.objects(), StatefulSet.class, "redis");
        Container server = redis.getSpec().getTemplate().getSpec().getContainers().get(0);
        String claim = redis.getSpec().getVolumeClaimTemplates().stream().map(pvc -> pvc.getMetadata().getName())
                .findFirst().orElseThrow(() -> new AssertionError("redis has no persistent volume claim"));
        assertTrue(server.getVolumeMounts().stream().anyMatch(mount -> mount.getName().equals(claim)
                && mount.getMountPath().equals("/data")), "the claim holds Redis's /data");

        String configMap = redis.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getConfigMap() != null).map(volume -> volume.getConfigMap().getName())
                .findFirst().orElseThrow(() -> new AssertionError("redis mounts no configuration"));
        String conf = one(rendering.objects(), ConfigMap.class, configMap).getData().get("redis.conf");
        assertEquals("yes", directive(conf, "appendonly"));
        assertEquals("noeviction", directive(conf, "maxmemory-policy"));
        assertEquals("/data", directive(conf, "dir"));
        long maxmemory = redisBytes(directive(conf, "maxmemory"));
        BigDecimal limit = Quantity.getAmountInBytes(server.getResources().getLimits().get("memory"));
        assertTrue(maxmemory > 0 && BigDecimal.valueOf(maxmemory).compareTo(limit.multiply(new BigDecimal("0.8"))) <= 0,
                "maxmemory " + maxmemory + " must leave a fifth of the " + limit + " byte limit for forks and buffers");
        assertEquals(server.getResources().getRequests().get("memory"), server.getResources().getLimits().get("memory"),
                "Redis's memory is requested in full, so that it is not the first to be evicted");
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void leverFindsRedisWhereTheOverlayPutsIt(Rendering rendering) {
        Map<String, String> env = new java.util.HashMap<>();
        leverContainer(rendering).getEnv().stream().filter(var -> var.getValue() != null)
                .forEach(var -> env.put(var.getName(), var.getValue()));
        List<URI> hosts = Stream.of(env.get("QUARKUS_REDIS_HOSTS").split(",")).map(String::trim).map(URI::create)
                .toList();
        if ("sentinel".equals(env.get("QUARKUS_REDIS_CLIENT_TYPE"))) {
            StatefulSet sentinels = one(rendering.objects(), StatefulSet.class, "redis-sentinel");
            int port = sentinels.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0)
                    .getContainerPort();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < sentinels.getSpec().getReplicas(); i++) {
                expected.add("redis://" + sentinels.getMetadata().getName() + "-" + i + "."
                        + sentinels.getSpec().getServiceName() + ":" + port);
            }
            assertEquals(expected, hosts.stream().map(URI::toString).toList(), "every sentinel, by its stable name");
            one(rendering.objects(), Service.class, sentinels.getSpec().getServiceName());
            assertTrue(env.containsKey("QUARKUS_REDIS_MASTER_NAME"));
            String script = all(rendering.objects(), ConfigMap.class).stream()
                    .map(config -> config.getData().get("sentinel-env.sh")).filter(java.util.Objects::nonNull)
                    .findFirst().orElseThrow();
            assertTrue(script.contains("master_name=" + env.get("QUARKUS_REDIS_MASTER_NAME") + "\n"),
                    "the sentinels monitor the master name Lever asks for");
        } else {
            assertEquals(1, hosts.size());
            Service service = one(rendering.objects(), Service.class, hosts.get(0).getHost());
            assertTrue(service.getSpec().getPorts().stream().anyMatch(port -> port.getPort() == hosts.get(0).getPort()));
            assertEquals("redis", service.getSpec().getSelector().get(NAME));
        }
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void everyWorkloadHasADisruptionBudget(Rendering rendering) {
        List<PodDisruptionBudget> budgets = all(rendering.objects(), PodDisruptionBudget.class);
        List<String> uncovered = new ArrayList<>();
        forEachPod(rendering, (workload, pod) -> {
            if (budgets.stream().noneMatch(budget -> selects(budget.getSpec().getSelector(), pod))) {
                uncovered.add(workload);
            }
        });
        assertEquals(List.of(), uncovered, "workloads without a PodDisruptionBudget");
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void networkPoliciesLetOnlyLeverReachRedis(Rendering rendering) {
        List<NetworkPolicy> policies = all(rendering.objects(), NetworkPolicy.class);
        assertTrue(policies.stream().anyMatch(policy -> policy.getSpec().getPodSelector().getMatchLabels().isEmpty()
                        && policy.getSpec().getPodSelector().getMatchExpressions().isEmpty()
                        && policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                        && policy.getSpec().getIngress().isEmpty() && policy.getSpec().getEgress().isEmpty()),
                "a default-deny policy for the whole namespace");
        Set<String> redisPeers = Set.of("lever", "redis", "redis-sentinel");
        List<String> violations = new ArrayList<>();
        forEachPod(rendering, (workload, pod) -> {
            List<NetworkPolicy> selecting = policies.stream()
                    .filter(policy -> !policy.getSpec().getPodSelector().getMatchLabels().isEmpty())
                    .filter(policy -> selects(policy.getSpec().getPodSelector(), pod)).toList();
            if (selecting.isEmpty()) {
                violations.add(workload + ": no policy lets anything reach it");
            }
            String app = pod.getMetadata().getLabels().get(NAME);
            for (NetworkPolicy policy : selecting) {
                for (var rule : policy.getSpec().getIngress()) {
                    if (rule.getFrom().isEmpty() || rule.getPorts().isEmpty()) {
                        violations.add(id(policy) + ": an ingress rule open to every peer or port");
                    }
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        boolean podInNamespace = peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                                && peer.getIpBlock() == null;
                        if (!"lever".equals(app) && !(podInNamespace
                                && redisPeers.contains(peer.getPodSelector().getMatchLabels().get(NAME)))) {
                            violations.add(id(policy) + ": " + app + " reached by " + peer);
                        }
                        if ("lever".equals(app) && (peer.getNamespaceSelector() == null
                                || peer.getNamespaceSelector().getMatchLabels().isEmpty())) {
                            violations.add(id(policy) + ": Lever reached from every namespace");
                        }
                    }
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void prometheusFindsLevers(Rendering rendering) {
        Deployment lever = one(rendering.objects(), Deployment.class, "lever");
        Map<String, String> annotations = lever.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
        int port = leverContainer(rendering).getPorts().get(0).getContainerPort();
        assertEquals(Integer.toString(port), annotations.get("prometheus.io/port"));

        List<ServiceMonitor> monitors = all(rendering.objects(), ServiceMonitor.class);
        assertEquals(rendering.components.contains("service-monitor") ? 1 : 0, monitors.size());
        for (ServiceMonitor monitor : monitors) {
            Service service = one(rendering.objects(), Service.class, "lever");
            assertEquals(service.getMetadata().getLabels().get(NAME),
                    monitor.getSpec().getSelector().getMatchLabels().get(NAME));
            monitor.getSpec().getEndpoints().forEach(endpoint -> {
                assertEquals("/q/metrics", endpoint.getPath());
                assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(endpoint.getPort())),
                        "the ServiceMonitor's port " + endpoint.getPort() + " is a port of the Service");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Rendering.class)
    void theDashboardShipsAsAConfigMapForTheGrafanaSidecar(Rendering rendering) throws IOException {
        Optional<ConfigMap> dashboard = all(rendering.objects(), ConfigMap.class).stream()
                .filter(config -> "1".equals(config.getMetadata().getLabels().get("grafana_dashboard"))).findFirst();
        assertEquals(rendering.components.contains("grafana"), dashboard.isPresent());
        if (dashboard.isPresent()) {
            assertEquals("lever-dashboard", dashboard.get().getMetadata().getName(), "a fixed name, no hash suffix");
            assertEquals(Files.readString(Rendering.K8S.resolve("components/grafana/lever-dashboard.json")),
                    dashboard.get().getData().get("lever-dashboard.json"));
        }
    }

    private static void forEachPod(Rendering rendering, BiConsumer<String, PodTemplateSpec> check) {
        List<HasMetadata> objects = rendering.objects();
        all(objects, Deployment.class).forEach(d -> check.accept(id(d), d.getSpec().getTemplate()));
        all(objects, StatefulSet.class).forEach(s -> check.accept(id(s), s.getSpec().getTemplate()));
        assertFalse(all(objects, Deployment.class).isEmpty(), "Lever's Deployment is rendered");
    }

    private static List<Container> containers(PodSpec spec) {
        return Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream()).toList();
    }

    private static Container leverContainer(Rendering rendering) {
        return one(rendering.objects(), Deployment.class, "lever").getSpec().getTemplate().getSpec().getContainers()
                .stream().filter(container -> container.getName().equals("lever")).findFirst().orElseThrow();
    }

    private static boolean selects(LabelSelector selector, PodTemplateSpec pod) {
        return selector != null && selector.getMatchExpressions().isEmpty()
                && pod.getMetadata().getLabels().entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    private static String volumeType(Volume volume) {
        JsonNode tree = new ObjectMapper().valueToTree(volume);
        List<String> types = new ArrayList<>();
        tree.fieldNames().forEachRemaining(field -> {
            if (!field.equals("name") && !tree.get(field).isNull()) {
                types.add(field);
            }
        });
        return String.join("+", types);
    }

    private static String directive(String conf, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s+(\\S+)\\s*$").matcher(conf);
        if (!matcher.find()) {
            throw new AssertionError("redis.conf has no " + name);
        }
        return matcher.group(1);
    }

    /** Redis's memory units: 1k = 1000, 1kb = 1024, and so on (redis.conf's own header says so). */
    private static long redisBytes(String value) {
        Matcher matcher = Pattern.compile("(\\d+)(k|kb|m|mb|g|gb)?", Pattern.CASE_INSENSITIVE).matcher(value);
        if (!matcher.matches()) {
            throw new AssertionError("not a Redis memory size: " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase();
        return amount * switch (unit) {
            case "k" -> 1_000L;
            case "kb" -> 1L << 10;
            case "m" -> 1_000_000L;
            case "mb" -> 1L << 20;
            case "g" -> 1_000_000_000L;
            case "gb" -> 1L << 30;
            default -> 1L;
        };
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = all(objects, type).stream().filter(object -> object.getMetadata().getName().equals(name))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    private static String id(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
