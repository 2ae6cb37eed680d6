package io.testenv.operator.planner.graph;

import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Gate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which components a reverse teardown deletes now: those that nothing still in the cluster depends on, directly
 * or through others, so each component waits until its dependents are gone. Components the spec no longer names
 * have no known dependents and go at once. Empty when nothing is left.
 */
public final class TeardownOrder {

    private TeardownOrder() {}

    /** @param remaining the components that still have objects or pods in the cluster, by component label */
    public static Set<String> deletableNow(EnvironmentModel env, Set<String> remaining) {
        Map<String, ComponentModel> byName =
                env.components().stream().collect(Collectors.toMap(ComponentModel::name, c -> c, (a, b) -> a));
        Set<String> blocked = new HashSet<>();
        for (String dependent : remaining) {
            // everything a remaining component depends on, transitively, must wait for it
            Deque<String> pending = new ArrayDeque<>(dependenciesOf(byName, dependent));
            Set<String> seen = new HashSet<>();
            while (!pending.isEmpty()) {
                String dependency = pending.pop();
                if (seen.add(dependency)) {
                    blocked.add(dependency);
                    pending.addAll(dependenciesOf(byName, dependency));
                }
            }
        }
        Set<String> now = new TreeSet<>(remaining);
        now.removeAll(blocked);
        return now;
    }

    private static Set<String> dependenciesOf(Map<String, ComponentModel> byName, String component) {
        ComponentModel model = byName.get(component);
        return model == null
                ? Set.of()
                : model.dependsOn().stream().map(Gate::component).collect(Collectors.toSet());
    }
}
