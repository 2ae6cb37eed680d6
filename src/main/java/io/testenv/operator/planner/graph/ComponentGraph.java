package io.testenv.operator.planner.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dependency graph of an environment's components: validation (duplicate names, unknown and self
 * dependencies, cycles named by their path) and a deterministic topological order (Kahn's algorithm,
 * ties broken by declaration order).
 */
public final class ComponentGraph {

    private final List<String> names;
    private final Map<String, List<String>> dependencies;
    private final Map<String, List<String>> dependents;
    private final List<GraphError> errors;
    private final List<String> order;

    private ComponentGraph(List<String> names, Map<String, List<String>> dependencies, List<GraphError> errors) {
        this.names = List.copyOf(names);
        this.dependencies = dependencies;
        this.dependents = invert(names, dependencies);
        this.errors = List.copyOf(errors);
        this.order = errors.isEmpty() ? computeOrder() : List.of();
    }

    /**
     * Builds the graph from components in declaration order.
     *
     * @param edges component name to the names it depends on, in declaration order of the components
     */
    public static ComponentGraph of(List<String> componentNames, Map<String, List<String>> edges) {
        List<GraphError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> unique = new ArrayList<>();
        for (String name : componentNames) {
            if (!seen.add(name)) {
                errors.add(new GraphError(
                        GraphError.Kind.DUPLICATE_NAME, "component name '" + name + "' is used more than once"));
            } else {
                unique.add(name);
            }
        }
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        for (String name : unique) {
            List<String> valid = new ArrayList<>();
            for (String dependency : edges.getOrDefault(name, List.of())) {
                if (dependency.equals(name)) {
                    errors.add(new GraphError(
                            GraphError.Kind.SELF_DEPENDENCY, "component '" + name + "' depends on itself"));
                } else if (!seen.contains(dependency)) {
                    errors.add(new GraphError(
                            GraphError.Kind.UNKNOWN_DEPENDENCY,
                            "component '" + name + "' depends on unknown component '" + dependency + "'"));
                } else if (!valid.contains(dependency)) {
                    valid.add(dependency);
                }
            }
            dependencies.put(name, List.copyOf(valid));
        }
        findCycle(unique, dependencies)
                .ifPresent(cycle -> errors.add(
                        new GraphError(GraphError.Kind.CYCLE, "dependency cycle: " + String.join(" -> ", cycle))));
        return new ComponentGraph(unique, dependencies, errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    public List<GraphError> errors() {
        return errors;
    }

    /** Component names in declaration order, without duplicates. */
    public List<String> names() {
        return names;
    }

    /** Every component after all of its dependencies; empty when the graph is invalid. */
    public List<String> topologicalOrder() {
        return order;
    }

    private List<String> computeOrder() {
        Map<String, Integer> remaining = new HashMap<>();
        names.forEach(n -> remaining.put(n, dependencies.get(n).size()));
        List<String> result = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (result.size() < names.size()) {
            String next = null;
            for (String name : names) {
                if (!done.contains(name) && remaining.get(name) == 0) {
                    next = name;
                    break;
                }
            }
            if (next == null) {
                return List.of();
            }
            done.add(next);
            result.add(next);
            for (String dependent : dependents.get(next)) {
                remaining.merge(dependent, -1, Integer::sum);
            }
        }
        return List.copyOf(result);
    }

    public List<String> dependenciesOf(String name) {
        return dependencies.getOrDefault(name, List.of());
    }

    public List<String> dependentsOf(String name) {
        return dependents.getOrDefault(name, List.of());
    }

    /** Every component reachable through dependsOn edges from the given one. */
    public Set<String> ancestorsOf(String name) {
        Set<String> result = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(dependenciesOf(name));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (result.add(next)) {
                todo.addAll(dependenciesOf(next));
            }
        }
        return result;
    }

    private static Map<String, List<String>> invert(List<String> names, Map<String, List<String>> dependencies) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        names.forEach(n -> result.put(n, new ArrayList<>()));
        for (String name : names) {
            for (String dependency : dependencies.get(name)) {
                result.get(dependency).add(name);
            }
        }
        result.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return result;
    }

    /** Depth-first search for a back edge; the cycle is returned as a closed path, e.g. [a, b, c, a]. */
    private static Optional<List<String>> findCycle(List<String> names, Map<String, List<String>> dependencies) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = finished
        for (String start : names) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<Iterator<String>> iterators = new ArrayDeque<>();
            path.push(start);
            iterators.push(dependencies.get(start).iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                Iterator<String> it = iterators.peek();
                if (it.hasNext()) {
                    String next = it.next();
                    Integer s = state.get(next);
                    if (s == null) {
                        state.put(next, 1);
                        path.push(next);
                        iterators.push(dependencies.get(next).iterator());
                    } else if (s == 1) {
                        return Optional.of(cyclePath(path, next));
                    }
                } else {
                    state.put(path.pop(), 2);
                    iterators.pop();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The path holds dependency edges (x depends on y, pushed after x). A user reads a cycle in
     * "depends on" direction too: a -> b means a depends on b.
     */
    private static List<String> cyclePath(Deque<String> path, String repeated) {
        List<String> fromStart = new ArrayList<>(path);
        Collections.reverse(fromStart);
        List<String> cycle = new ArrayList<>(fromStart.subList(fromStart.indexOf(repeated), fromStart.size()));
        cycle.add(repeated);
        return cycle;
    }
}
