package dev.lever.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads rendered manifests into fabric8's Kubernetes model (generated from the API's OpenAPI schema) strictly: a
 * field the schema does not have, a scalar of the wrong type or a kind not listed here is an error, where the API
 * server would drop the field silently (or refuse the object at apply time). fabric8's classes keep unknown fields
 * in an any-setter; this reader turns the any-setters off and fails on unknown properties instead.
 */
final class StrictModel {

    /** Every kind the manifests may contain, by {@code apiVersion/kind}. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Stream.of(Namespace.class,
                    ServiceAccount.class, Service.class, ConfigMap.class, Secret.class, Deployment.class,
                    StatefulSet.class, PodDisruptionBudget.class, HorizontalPodAutoscaler.class, NetworkPolicy.class,
                    ServiceMonitor.class)
            .collect(Collectors.toMap(type -> HasMetadata.getApiVersion(type) + "/" + HasMetadata.getKind(type),
                    Function.identity()));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new NoAnySetter())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private StrictModel() {
    }

    /** Every document of a YAML stream, as its model object; the first failure is an assertion error. */
    static List<HasMetadata> read(String yamlStream) {
        List<HasMetadata> objects = new ArrayList<>();
        try {
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yamlStream).readAll()) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                objects.add(read(document));
            }
        } catch (IOException e) {
            throw new AssertionError("the rendered manifests are not YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    private static HasMetadata read(JsonNode document) {
        String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        String name = document.path("metadata").path("name").asText("(no name)");
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new AssertionError(key + " " + name + ": no schema for this kind; known: " + KINDS.keySet());
        }
        try {
            return STRICT.treeToValue(document, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError(key + " " + name + " does not match the Kubernetes API schema: "
                    + e.getOriginalMessage() + " at " + e.getLocation(), e);
        }
    }

    /** Drops {@code @JsonAnySetter}, so that an unknown field fails instead of landing in additionalProperties. */
    private static final class NoAnySetter extends JacksonAnnotationIntrospector {

        @Override
        public Boolean hasAnySetter(Annotated member) {
            return Boolean.FALSE;
        }

        @Override
        @SuppressWarnings("deprecation")
        public boolean hasAnySetterAnnotation(AnnotatedMethod method) {
            return false;
        }
    }
}
