package io.testenv.operator.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.testenv.operator.planner.model.GoDuration;
import io.testenv.operator.planner.readiness.ObjectView;
import io.testenv.operator.planner.readiness.ReadinessRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Each kind's controller floor: a lone Job, Deployment and StatefulSet with a playground {@code ready-after},
 * applied directly (no operator), timed from the apply to the status the operator's readiness rules call Ready,
 * minus the ready-after. What is left is the controllers' own delay (the Job controller batches pod updates for
 * about a second, the Deployment controller writes its status after the ReplicaSet's), which no orchestrator
 * avoids: Parallel is held to the critical-path bound plus these floors along the path.
 *
 * @param readyAfter the simulated duration each object was given
 * @param applyToReady the median time from apply to Ready, by kind
 * @param floors the floor by kind: {@link #floor}
 */
record ControllerFloor(Duration readyAfter, Map<String, Duration> applyToReady, Map<String, Duration> floors) {

    static final List<String> KINDS = List.of("Job", "Deployment", "StatefulSet");
    static final String NAMESPACE = "bench-controller-floor";

    /** The floor of a kind; zero for a kind not measured (a ConfigMap is ready once it exists). */
    Duration of(String kind) {
        return floors.getOrDefault(kind, Duration.ZERO);
    }

    /** The median time from apply to Ready, less the ready-after the pod was given (never below zero). */
    static Duration floor(List<Duration> applyToReady, Duration readyAfter) {
        Duration median = Measurements.percentile(applyToReady, 50);
        Duration floor = median.minus(readyAfter);
        return floor.isNegative() ? Duration.ZERO : floor;
    }

    /** Measures each kind {@code repeats} times, one object at a time. */
    static ControllerFloor measure(Bench bench, Duration readyAfter, int repeats) {
        bench.createNamespace(NAMESPACE);
        Duration scaled = bench.scaled(readyAfter);
        Map<String, Duration> medians = new LinkedHashMap<>();
        Map<String, Duration> floors = new LinkedHashMap<>();
        for (String kind : KINDS) {
            List<Duration> times = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                times.add(applyToReady(bench, manifest(kind, kind.toLowerCase() + "-" + i, readyAfter)));
            }
            medians.put(kind, Measurements.percentile(times, 50));
            floors.put(kind, floor(times, scaled));
        }
        return new ControllerFloor(scaled, medians, floors);
    }

    private static Duration applyToReady(Bench bench, GenericKubernetesResource object) {
        ReadinessRules rules = ReadinessRules.standard();
        long started = System.nanoTime();
        bench.client.resource(object).inNamespace(NAMESPACE).create();
        bench.client
                .genericKubernetesResources(object.getApiVersion(), object.getKind())
                .inNamespace(NAMESPACE)
                .withName(object.getMetadata().getName())
                .waitUntilCondition(
                        o -> o != null
                                && rules.evaluate(new ObjectView(bench.client
                                                .getKubernetesSerialization()
                                                .convertValue(o, Map.class)))
                                        .isReady(),
                        2,
                        TimeUnit.MINUTES);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    static GenericKubernetesResource manifest(String kind, String name, Duration readyAfter) {
        Map<String, String> annotations = Map.of(Environments.READY_AFTER, GoDuration.format(readyAfter));
        if (kind.equals("Deployment")) {
            return Environments.deployment(name, annotations);
        }
        Map<String, Object> container = Map.of("name", "main", "image", "ghcr.io/example/" + name + ":1");
        Map<String, Object> spec = kind.equals("Job")
                ? Map.of(
                        "backoffLimit",
                        2,
                        "template",
                        Map.of("spec", Map.of("restartPolicy", "Never", "containers", List.of(container))))
                : Map.of(
                        "serviceName",
                        name,
                        "replicas",
                        1,
                        "selector",
                        Map.of("matchLabels", Map.of("app", name)),
                        "template",
                        Map.of(
                                "metadata",
                                Map.of("labels", Map.of("app", name)),
                                "spec",
                                Map.of("containers", List.of(container))));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(kind.equals("Job") ? "batch/v1" : "apps/v1")
                .withKind(kind)
                .withNewMetadata()
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }
}
