package io.testenv.operator.bench;

import io.testenv.operator.api.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A graph to bring up: components with a simulated duration (what their slowest workload takes to get ready on
 * the playground, before the speed factor) and the components they depend on.
 */
record BenchGraph(String name, List<Node> nodes) {

    /**
     * A component: its duration, what it depends on, and the kind of its slowest workload (whose controller's own
     * delay adds to the duration on a real control plane; empty when it has no workload).
     */
    record Node(String name, Duration duration, List<String> dependsOn, String kind) {

        Node(String name, Duration duration, List<String> dependsOn) {
            this(name, duration, dependsOn, "Deployment");
        }
    }

    /** The critical-path bound: the longest chain of simulated durations, the best any strategy can do. */
    Duration bound() {
        return bound(Node::duration);
    }

    /**
     * The longest chain of the components' costs: with the durations scaled and each kind's controller floor
     * added, the best any orchestrator can do on a real control plane.
     */
    Duration bound(Function<Node, Duration> cost) {
        Map<String, Duration> finish = new HashMap<>();
        Duration longest = Duration.ZERO;
        for (Node node : nodes) { // nodes are in topological order
            Duration start = node.dependsOn().stream()
                    .map(finish::get)
                    .max(Duration::compareTo)
                    .orElse(Duration.ZERO);
            Duration end = start.plus(cost.apply(node));
            finish.put(node.name(), end);
            longest = end.compareTo(longest) > 0 ? end : longest;
        }
        return longest;
    }

    /** What each component waited for: its dependencies (Parallel), the previous component (Sequential). */
    Map<String, List<String>> gates(Strategy strategy) {
        Map<String, List<String>> gates = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            gates.put(
                    node.name(),
                    strategy == Strategy.Sequential
                            ? (i == 0 ? List.of() : List.of(nodes.get(i - 1).name()))
                            : node.dependsOn());
        }
        return gates;
    }

    /** The sum of durations: what one component at a time takes at best. */
    Duration sequentialBound() {
        return nodes.stream().map(Node::duration).reduce(Duration.ZERO, Duration::plus);
    }

    static BenchGraph wide(int width, Random random) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= width; i++) {
            nodes.add(new Node("c" + i, seconds(random, 5, 60), List.of()));
        }
        return new BenchGraph("wide-" + width, nodes);
    }

    static BenchGraph deep(int length, Random random) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= length; i++) {
            nodes.add(new Node("c" + i, seconds(random, 5, 20), i == 1 ? List.of() : List.of("c" + (i - 1))));
        }
        return new BenchGraph("deep-" + length, nodes);
    }

    /** The DataStorage shape with its use case's durations: postgres ∥ redis → migrations → datastorage. */
    static BenchGraph diamond() {
        return new BenchGraph(
                "diamond",
                List.of(
                        new Node("postgres", Duration.ofSeconds(60), List.of()),
                        new Node("redis", Duration.ofSeconds(15), List.of()),
                        new Node("migrations", Duration.ofSeconds(30), List.of("postgres")),
                        new Node("datastorage", Duration.ofSeconds(30), List.of("migrations", "redis"))));
    }

    /** A random DAG: each component depends on each earlier one with the given probability. */
    static BenchGraph randomDag(int size, double edgeProbability, Random random, String name) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            List<String> deps = new ArrayList<>();
            for (int j = 1; j < i; j++) {
                if (random.nextDouble() < edgeProbability) {
                    deps.add("c" + j);
                }
            }
            nodes.add(new Node("c" + i, seconds(random, 5, 60), deps));
        }
        return new BenchGraph(name, nodes);
    }

    /** Eight components, the shape of a service with its data stack, for the scale run. */
    static BenchGraph eight(Random random) {
        Map<String, List<String>> shape = new LinkedHashMap<>();
        shape.put("db", List.of());
        shape.put("cache", List.of());
        shape.put("migrate", List.of("db"));
        shape.put("seed", List.of("migrate"));
        shape.put("api", List.of("migrate", "cache"));
        shape.put("worker", List.of("api"));
        shape.put("ui", List.of("api"));
        shape.put("smoke", List.of("ui", "worker", "seed"));
        List<Node> nodes = new ArrayList<>();
        shape.forEach((name, deps) -> nodes.add(new Node(name, seconds(random, 5, 30), deps)));
        return new BenchGraph("eight", nodes);
    }

    private static Duration seconds(Random random, int min, int max) {
        return Duration.ofSeconds(min + random.nextInt(max - min + 1));
    }
}
