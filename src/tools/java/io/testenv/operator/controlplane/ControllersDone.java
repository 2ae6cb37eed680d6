package io.testenv.operator.controlplane;

import java.util.List;
import java.util.Map;

/**
 * The controllers' own notion of done, as {@code kubectl rollout status} reads it, independent of the readiness
 * rules under test: where {@link StatusRecorder} stops recording a scenario.
 */
final class ControllersDone {

    private ControllersDone() {}

    static boolean deploymentDone(Map<String, Object> d) {
        long replicas = number(d, "spec", "replicas", 1);
        return number(d, "status", "observedGeneration", 0) >= number(d, "metadata", "generation", 1)
                && number(d, "status", "updatedReplicas", 0) == replicas
                && number(d, "status", "replicas", 0) == replicas
                && number(d, "status", "availableReplicas", 0) == replicas
                && conditions(d).stream()
                        .anyMatch(c -> "Progressing".equals(c.get("type"))
                                && "NewReplicaSetAvailable".equals(c.get("reason")));
    }

    @SuppressWarnings("unchecked")
    static boolean statefulSetDone(Map<String, Object> s) {
        long replicas = number(s, "spec", "replicas", 1);
        Map<?, ?> status = (Map<?, ?>) s.get("status");
        Map<String, Object> spec = (Map<String, Object>) s.get("spec");
        Map<String, Object> strategy = (Map<String, Object>) spec.get("updateStrategy");
        long partition = strategy == null ? 0 : number(strategy, "rollingUpdate", "partition", 0);
        boolean observedAndReady = status != null
                && number(s, "status", "observedGeneration", 0) >= number(s, "metadata", "generation", 1)
                && number(s, "status", "readyReplicas", 0) == replicas;
        if (partition > 0) {
            return observedAndReady && number(s, "status", "updatedReplicas", 0) >= replicas - partition;
        }
        return observedAndReady
                && number(s, "status", "availableReplicas", 0) == replicas
                && number(s, "status", "updatedReplicas", 0) == replicas
                && status.get("updateRevision") != null
                && status.get("updateRevision").equals(status.get("currentRevision"));
    }

    static boolean daemonSetDone(Map<String, Object> d) {
        Map<?, ?> status = (Map<?, ?>) d.get("status");
        long desired = number(d, "status", "desiredNumberScheduled", -1);
        return status != null
                && desired >= 0
                && number(d, "status", "observedGeneration", 0) >= number(d, "metadata", "generation", 1)
                && number(d, "status", "updatedNumberScheduled", 0) >= desired
                && number(d, "status", "numberAvailable", 0) >= desired;
    }

    @SuppressWarnings("unchecked")
    static boolean imagePullBackOff(Map<String, Object> pod) {
        Map<String, Object> status = (Map<String, Object>) pod.get("status");
        List<Map<String, Object>> containers =
                status == null ? null : (List<Map<String, Object>>) status.get("containerStatuses");
        return containers != null
                && containers.stream().anyMatch(c -> {
                    Map<String, Object> state = (Map<String, Object>) c.get("state");
                    Map<String, Object> waiting = state == null ? null : (Map<String, Object>) state.get("waiting");
                    return waiting != null && "ImagePullBackOff".equals(waiting.get("reason"));
                });
    }

    static boolean condition(Map<String, Object> object, String type) {
        return conditions(object).stream().anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(Map<String, Object> object) {
        Map<String, Object> status = (Map<String, Object>) object.get("status");
        Object conditions = status == null ? null : status.get("conditions");
        return conditions instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static long number(Map<String, Object> object, String section, String field, long otherwise) {
        Object part = object.get(section);
        Object value = part instanceof Map<?, ?> map ? map.get(field) : null;
        return value instanceof Number n ? n.longValue() : otherwise;
    }
}
