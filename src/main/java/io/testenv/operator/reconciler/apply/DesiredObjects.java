package io.testenv.operator.reconciler.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.reconciler.marks.ApplySet;
import io.testenv.operator.reconciler.marks.Labels;
import io.testenv.operator.reconciler.marks.Marks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is sent to the API server for one manifest: the object as the user wrote it, in its resolved namespace,
 * with the environment and component labels on it and on its pod templates (so the pods' failures can be
 * reported), and an owner reference to the environment when garbage collection can reach it.
 */
public final class DesiredObjects {

    /** Where pod templates live in the workload kinds (Deployment, StatefulSet, Job, ...; CronJob). */
    private static final List<List<String>> POD_TEMPLATE_PATHS =
            List.of(List.of("spec", "template"), List.of("spec", "jobTemplate", "spec", "template"));

    private DesiredObjects() {}

    public static GenericKubernetesResource of(
            TestEnvironment env, String component, Manifest manifest, KubernetesSerialization serialization) {
        GenericKubernetesResource desired =
                serialization.convertValue(manifest.content(), GenericKubernetesResource.class);
        ObjectMeta metadata = desired.getMetadata();
        metadata.setNamespace(manifest.ref().namespace());
        Map<String, String> labels = withLabels(metadata.getLabels(), env, component);
        labels.put(ApplySet.PART_OF_LABEL, ApplySet.id(env));
        metadata.setLabels(labels);
        Map<String, String> annotations = metadata.getAnnotations() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(metadata.getAnnotations());
        annotations.put(Marks.ENVIRONMENT_UID, env.getMetadata().getUid());
        metadata.setAnnotations(annotations);
        metadata.setResourceVersion(null);
        metadata.setUid(null);
        metadata.setManagedFields(null);
        if (env.getMetadata().getNamespace().equals(manifest.ref().namespace())) {
            metadata.setOwnerReferences(List.of(ownerReference(env)));
        }
        for (List<String> path : POD_TEMPLATE_PATHS) {
            stampPodTemplate(desired.getAdditionalProperties(), path, env, component);
        }
        return desired;
    }

    public static Map<String, String> withLabels(Map<String, String> labels, TestEnvironment env, String component) {
        Map<String, String> result = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
        result.put(Labels.ENVIRONMENT, env.getMetadata().getName());
        result.put(Labels.ENVIRONMENT_NAMESPACE, env.getMetadata().getNamespace());
        result.put(Labels.COMPONENT, component);
        return result;
    }

    public static OwnerReference ownerReference(TestEnvironment env) {
        return new OwnerReferenceBuilder()
                .withApiVersion(env.getApiVersion())
                .withKind(env.getKind())
                .withName(env.getMetadata().getName())
                .withUid(env.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    @SuppressWarnings("unchecked")
    private static void stampPodTemplate(
            Map<String, Object> root, List<String> path, TestEnvironment env, String component) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !(map.get(key) instanceof Map<?, ?>)) {
                return;
            }
            node = map.get(key);
        }
        Map<String, Object> template = (Map<String, Object>) node;
        Object metadata = template.computeIfAbsent("metadata", k -> new LinkedHashMap<String, Object>());
        if (!(metadata instanceof Map<?, ?>)) {
            return;
        }
        Map<String, Object> templateMetadata = (Map<String, Object>) metadata;
        Object labels = templateMetadata.get("labels");
        Map<String, String> current = labels instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
        templateMetadata.put("labels", withLabels(current, env, component));
    }
}
