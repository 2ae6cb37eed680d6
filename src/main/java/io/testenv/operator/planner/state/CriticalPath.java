package io.testenv.operator.planner.state;

import io.testenv.operator.api.GateCondition;
import io.testenv.operator.planner.model.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain of components that determined when an environment became ready, from measured times: start at the
 * component ready last, then repeatedly step to the dependency whose gate opened last (its readyAt for a Ready
 * gate, its appliedAt for an Applied gate), until a component with no dependency.
 */
public final class CriticalPath {

    /** Measured times of one component. */
    public record Times(String name, Instant appliedAt, Instant readyAt, List<Gate> dependsOn) {}

    /**
     * The path from first to last component, and the time its components took: the last one from applied to
     * ready, each earlier one from applied until it opened the next one's gate (ready, or applied for an Applied
     * gate). Time between a gate opening and the dependent's apply is operator overhead and is not counted.
     */
    public record Result(List<String> components, Duration duration) {}

    private CriticalPath() {}

    public static Optional<Result> of(List<Times> components) {
        if (components.isEmpty() || components.stream().anyMatch(c -> c.appliedAt() == null || c.readyAt() == null)) {
            return Optional.empty();
        }
        Map<String, Times> byName = new HashMap<>();
        components.forEach(c -> byName.put(c.name(), c));
        Times current =
                components.stream().max(Comparator.comparing(Times::readyAt)).orElseThrow();
        Instant until = current.readyAt();
        List<String> path = new ArrayList<>();
        Duration total = Duration.ZERO;
        while (current != null && !path.contains(current.name())) {
            path.add(current.name());
            total = total.plus(Duration.between(current.appliedAt(), until));
            Optional<Gate> last = current.dependsOn().stream()
                    .filter(g -> byName.containsKey(g.component()))
                    .max(Comparator.comparing(g -> gateOpened(byName.get(g.component()), g.condition())));
            current = last.map(g -> byName.get(g.component())).orElse(null);
            until = last.map(g -> gateOpened(byName.get(g.component()), g.condition()))
                    .orElse(null);
        }
        Collections.reverse(path);
        return Optional.of(new Result(List.copyOf(path), total));
    }

    private static Instant gateOpened(Times dependency, GateCondition condition) {
        return condition == GateCondition.Applied ? dependency.appliedAt() : dependency.readyAt();
    }
}
