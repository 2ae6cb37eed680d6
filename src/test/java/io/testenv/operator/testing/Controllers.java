package io.testenv.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plays the kubelet and the built-in controllers in tests, only through the API as they do: it writes the
 * status subresource the way the Deployment, StatefulSet, Job... controllers would, when the test says so.
 */
public final class Controllers {

    private final KubernetesClient client;

    public Controllers(KubernetesClient client) {
        this.client = client;
    }

    public void markDeploymentReady(String namespace, String name) {
        updateStatus("apps/v1", "Deployment", namespace, name, object -> {
            long replicas = replicas(object);
            return Map.of(
                    "observedGeneration",
                    generation(object),
                    "replicas",
                    replicas,
                    "updatedReplicas",
                    replicas,
                    "readyReplicas",
                    replicas,
                    "availableReplicas",
                    replicas,
                    "conditions",
                    List.of(
                            condition(
                                    "Available",
                                    "True",
                                    "MinimumReplicasAvailable",
                                    "Deployment has minimum availability."),
                            condition(
                                    "Progressing",
                                    "True",
                                    "NewReplicaSetAvailable",
                                    "ReplicaSet has successfully progressed.")));
        });
    }

    public void failDeploymentProgress(String namespace, String name) {
        updateStatus("apps/v1", "Deployment", namespace, name, object -> {
            long replicas = replicas(object);
            return Map.of(
                    "observedGeneration",
                    generation(object),
                    "replicas",
                    replicas,
                    "updatedReplicas",
                    replicas,
                    "unavailableReplicas",
                    replicas,
                    "conditions",
                    List.of(
                            condition(
                                    "Available",
                                    "False",
                                    "MinimumReplicasUnavailable",
                                    "Deployment does not have minimum availability."),
                            condition(
                                    "Progressing",
                                    "False",
                                    "ProgressDeadlineExceeded",
                                    "ReplicaSet \"" + name + "-1\" has timed out progressing.")));
        });
    }

    public void markStatefulSetReady(String namespace, String name) {
        updateStatus("apps/v1", "StatefulSet", namespace, name, object -> {
            long replicas = replicas(object);
            return Map.of(
                    "observedGeneration",
                    generation(object),
                    "replicas",
                    replicas,
                    "readyReplicas",
                    replicas,
                    "currentReplicas",
                    replicas,
                    "updatedReplicas",
                    replicas,
                    "availableReplicas",
                    replicas,
                    "currentRevision",
                    name + "-1",
                    "updateRevision",
                    name + "-1");
        });
    }

    public void completeJob(String namespace, String name) {
        updateStatus(
                "batch/v1",
                "Job",
                namespace,
                name,
                object -> Map.of(
                        "startTime",
                        now(),
                        "completionTime",
                        now(),
                        "succeeded",
                        1,
                        "conditions",
                        List.of(
                                condition(
                                        "SuccessCriteriaMet",
                                        "True",
                                        "CompletionsReached",
                                        "Reached expected number of succeeded pods"),
                                condition(
                                        "Complete",
                                        "True",
                                        "CompletionsReached",
                                        "Reached expected number of succeeded pods"))));
    }

    public void failJob(String namespace, String name, String reason, String message) {
        updateStatus(
                "batch/v1",
                "Job",
                namespace,
                name,
                object -> Map.of(
                        "startTime",
                        now(),
                        "failed",
                        1,
                        "conditions",
                        List.of(
                                condition("FailureTarget", "True", reason, message),
                                condition("Failed", "True", reason, message))));
    }

    public void setPodWaiting(String namespace, String name, String container, String reason, String message) {
        updateStatus(
                "v1",
                "Pod",
                namespace,
                name,
                object -> Map.of(
                        "phase",
                        "Pending",
                        "containerStatuses",
                        List.of(Map.of(
                                "name",
                                container,
                                "ready",
                                false,
                                "restartCount",
                                0,
                                "image",
                                "image",
                                "state",
                                Map.of("waiting", Map.of("reason", reason, "message", message))))));
    }

    /** Creates the pod a workload's controller would: named {@code podName}, with the pod template's labels. */
    @SuppressWarnings("unchecked")
    public void createPodOf(String apiVersion, String kind, String namespace, String workload, String podName) {
        GenericKubernetesResource owner =
                resource(apiVersion, kind, namespace, workload).get();
        Map<String, Object> template = (Map<String, Object>)
                ((Map<String, Object>) owner.getAdditionalProperties().get("spec")).get("template");
        Map<String, String> labels =
                (Map<String, String>) ((Map<String, Object>) template.get("metadata")).get("labels");
        GenericKubernetesResource pod = new GenericKubernetesResource();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        pod.setMetadata(new ObjectMetaBuilder()
                .withName(podName)
                .withNamespace(namespace)
                .withLabels(labels)
                .build());
        pod.setAdditionalProperty("spec", template.get("spec"));
        client.genericKubernetesResources("v1", "Pod")
                .inNamespace(namespace)
                .resource(pod)
                .create();
    }

    /** Replaces the status through the status subresource, retrying when the object moved meanwhile. */
    private void updateStatus(
            String apiVersion,
            String kind,
            String namespace,
            String name,
            Function<GenericKubernetesResource, Map<String, Object>> status) {
        for (int attempt = 0; ; attempt++) {
            Resource<GenericKubernetesResource> resource = resource(apiVersion, kind, namespace, name);
            GenericKubernetesResource current = resource.get();
            if (current == null) {
                throw new IllegalStateException(kind + " " + name + " does not exist");
            }
            current.setAdditionalProperty("status", new LinkedHashMap<>(status.apply(current)));
            try {
                client.genericKubernetesResources(apiVersion, kind)
                        .resource(current)
                        .updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 10) {
                    throw e;
                }
            }
        }
    }

    private Resource<GenericKubernetesResource> resource(
            String apiVersion, String kind, String namespace, String name) {
        var resources = client.genericKubernetesResources(apiVersion, kind);
        return namespace == null
                ? resources.withName(name)
                : resources.inNamespace(namespace).withName(name);
    }

    private static long generation(GenericKubernetesResource object) {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 1 : generation;
    }

    @SuppressWarnings("unchecked")
    private static long replicas(GenericKubernetesResource object) {
        Object spec = object.getAdditionalProperties().get("spec");
        Object replicas = spec instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("replicas") : null;
        return replicas instanceof Number number ? number.longValue() : 1;
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message) {
        return Map.of(
                "type", type, "status", status, "reason", reason, "message", message, "lastTransitionTime", now());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
