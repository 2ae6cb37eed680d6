package io.testenv.operator.planner;

import io.testenv.operator.planner.model.ObjectRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Observed objects as the API server returns them, in the states the tests need. */
final class LiveObjects {

    private LiveObjects() {}

    /** Just created: metadata only, no status yet (a controller has not looked at it). */
    static Map<String, Object> created(ObjectRef ref) {
        Map<String, Object> object = base(ref);
        if (ref.kind().equals("Deployment") || ref.kind().equals("StatefulSet")) {
            object.put("spec", Map.of("replicas", 1));
        }
        return object;
    }

    /** Ready by its kind's rule, as the built-in controllers would report it. */
    static Map<String, Object> ready(ObjectRef ref) {
        Map<String, Object> object = created(ref);
        switch (ref.kind()) {
            case "Deployment" ->
                object.put(
                        "status",
                        Map.of(
                                "observedGeneration",
                                1,
                                "replicas",
                                1,
                                "updatedReplicas",
                                1,
                                "readyReplicas",
                                1,
                                "availableReplicas",
                                1,
                                "conditions",
                                List.of(condition("Available", "True", "MinimumReplicasAvailable", ""))));
            case "StatefulSet" ->
                object.put(
                        "status",
                        Map.of(
                                "observedGeneration",
                                1,
                                "replicas",
                                1,
                                "readyReplicas",
                                1,
                                "updatedReplicas",
                                1,
                                "currentReplicas",
                                1));
            case "Job" ->
                object.put(
                        "status", Map.of("succeeded", 1, "conditions", List.of(condition("Complete", "True", "", ""))));
            default -> {}
        }
        return object;
    }

    static Map<String, Object> failedJob(ObjectRef ref) {
        Map<String, Object> object = created(ref);
        object.put(
                "status",
                Map.of(
                        "failed",
                        3,
                        "conditions",
                        List.of(condition(
                                "Failed",
                                "True",
                                "BackoffLimitExceeded",
                                "Job has reached the specified backoff limit"))));
        return object;
    }

    static Map<String, Object> runningJob(ObjectRef ref) {
        Map<String, Object> object = created(ref);
        object.put("status", Map.of("active", 1));
        return object;
    }

    static Map<String, Object> condition(String type, String status, String reason, String message) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message);
    }

    private static Map<String, Object> base(ObjectRef ref) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", ref.name());
        if (ref.namespace() != null) {
            metadata.put("namespace", ref.namespace());
        }
        metadata.put("generation", 1);
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", ref.apiVersion());
        object.put("kind", ref.kind());
        object.put("metadata", metadata);
        return object;
    }
}
