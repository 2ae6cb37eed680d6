package io.testenv.operator.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.testenv.operator.api.ComponentSpec;
import io.testenv.operator.api.Dependency;
import io.testenv.operator.api.GateCondition;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.GoDuration;
import io.testenv.operator.testing.Samples;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TestEnvironments for the benchmark: generated graphs (a Deployment per component) and the samples, both with
 * the crash-backoff model: a workload of a component that gates on others requires them, so that one started
 * before them (AllAtOnce) crashes and restarts with the kubelet's back-off.
 */
final class Environments {

    static final String READY_AFTER = "playground.testenv.io/ready-after";
    static final String REQUIRES = "playground.testenv.io/requires";
    /** Kinds the playground simulates; any other kind is ready once it exists. */
    static final Set<String> SIMULATED = Set.of(
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "Job",
            "Pod",
            "PersistentVolumeClaim",
            "CustomResourceDefinition");

    static final Duration DEFAULT_READY_AFTER = Duration.ofSeconds(2);

    private Environments() {}

    static TestEnvironment of(BenchGraph graph, Strategy strategy, String namespace, String name) {
        return of(graph, strategy, namespace, name, "");
    }

    /**
     * The graph as an environment whose workloads' names start with {@code prefix}: environments that share a
     * namespace need workloads of their own names.
     */
    static TestEnvironment of(BenchGraph graph, Strategy strategy, String namespace, String name, String prefix) {
        TestEnvironment env = new TestEnvironment();
        env.getMetadata().setName(name);
        env.getMetadata().setNamespace(namespace);
        env.getSpec().setStrategy(strategy);
        env.getSpec().setTimeout("2h");
        List<ComponentSpec> components = new ArrayList<>();
        for (BenchGraph.Node node : graph.nodes()) {
            ComponentSpec component = new ComponentSpec(node.name());
            component.setDependsOn(node.dependsOn().stream()
                    .map(d -> new Dependency(d, GateCondition.Ready))
                    .toList());
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(READY_AFTER, GoDuration.format(node.duration()));
            if (!node.dependsOn().isEmpty()) {
                annotations.put(REQUIRES, String.join(",", node.dependsOn()));
            }
            component.setManifests(List.of(deployment(prefix + node.name(), annotations)));
            components.add(component);
        }
        env.getSpec().setComponents(components);
        return env;
    }

    /** A sample, with requires annotations added to the workloads of every component that has Ready gates. */
    static TestEnvironment sample(String file, Strategy strategy, String namespace, KubernetesSerialization json)
            throws IOException {
        TestEnvironment env = json.unmarshal(Samples.environment(file + ".yaml"), TestEnvironment.class);
        env.getMetadata().setNamespace(namespace);
        env.getSpec().setStrategy(strategy);
        env.getSpec().setTimeout("2h");
        for (ComponentSpec component : env.getSpec().getComponents()) {
            List<String> gates = Optional.ofNullable(component.getDependsOn()).orElse(List.of()).stream()
                    .filter(d -> d.getCondition() != GateCondition.Applied)
                    .map(Dependency::getComponent)
                    .toList();
            if (gates.isEmpty()) {
                continue;
            }
            for (GenericKubernetesResource manifest : component.getManifests()) {
                if (SIMULATED.contains(manifest.getKind())
                        && !manifest.getKind().equals("CustomResourceDefinition")) {
                    Map<String, String> annotations = new LinkedHashMap<>(
                            Optional.ofNullable(manifest.getMetadata().getAnnotations())
                                    .orElse(Map.of()));
                    annotations.put(REQUIRES, String.join(",", gates));
                    manifest.getMetadata().setAnnotations(annotations);
                }
            }
        }
        return env;
    }

    /**
     * The graph of a sample: each component takes as long as its slowest simulated object, whose kind it takes
     * (empty for a component without one).
     */
    static BenchGraph graphOf(String name, TestEnvironment env) {
        List<BenchGraph.Node> nodes = new ArrayList<>();
        for (ComponentSpec component : topological(env.getSpec().getComponents())) {
            Optional<GenericKubernetesResource> slowest = component.getManifests().stream()
                    .filter(m -> SIMULATED.contains(m.getKind()))
                    .max(java.util.Comparator.comparing(Environments::readyAfter));
            nodes.add(new BenchGraph.Node(
                    component.getName(),
                    slowest.map(Environments::readyAfter).orElse(Duration.ZERO),
                    Optional.ofNullable(component.getDependsOn()).orElse(List.of()).stream()
                            .map(Dependency::getComponent)
                            .toList(),
                    slowest.map(GenericKubernetesResource::getKind).orElse("")));
        }
        return new BenchGraph(name, nodes);
    }

    private static Duration readyAfter(GenericKubernetesResource manifest) {
        return Optional.ofNullable(manifest.getMetadata().getAnnotations())
                .map(a -> a.get(READY_AFTER))
                .flatMap(GoDuration::parse)
                .orElse(DEFAULT_READY_AFTER);
    }

    private static List<ComponentSpec> topological(List<ComponentSpec> components) {
        List<ComponentSpec> ordered = new ArrayList<>();
        List<String> done = new ArrayList<>();
        while (ordered.size() < components.size()) {
            for (ComponentSpec component : components) {
                List<String> deps = Optional.ofNullable(component.getDependsOn()).orElse(List.of()).stream()
                        .map(Dependency::getComponent)
                        .toList();
                if (!done.contains(component.getName()) && done.containsAll(deps)) {
                    ordered.add(component);
                    done.add(component.getName());
                }
            }
        }
        return ordered;
    }

    static GenericKubernetesResource deployment(String name, Map<String, String> annotations) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withNewMetadata()
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .addToAdditionalProperties(
                        "spec",
                        Map.of(
                                "replicas",
                                1,
                                "selector",
                                Map.of("matchLabels", Map.of("app", name)),
                                "template",
                                Map.of(
                                        "metadata",
                                        Map.of("labels", Map.of("app", name)),
                                        "spec",
                                        Map.of(
                                                "containers",
                                                List.of(Map.of(
                                                        "name", "main", "image", "ghcr.io/example/" + name + ":1"))))))
                .build();
    }
}
