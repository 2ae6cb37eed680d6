package io.testenv.operator.planner.state;

import io.testenv.operator.api.EnvironmentPhase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the previous status recorded: the times and failures the planner must keep (they are never
 * recomputed from the clock), and the conditions whose transition times it must preserve.
 */
public record History(
        Long observedGeneration,
        EnvironmentPhase phase,
        Instant startedAt,
        Instant readyAt,
        Map<String, ComponentState> components,
        List<ConditionRecord> conditions) {

    public History {
        components = Map.copyOf(components);
        conditions = List.copyOf(conditions);
    }

    public static History none() {
        return new History(null, null, null, null, Map.of(), List.of());
    }

    public boolean isOf(long generation) {
        return observedGeneration != null && observedGeneration == generation;
    }

    public Optional<ComponentState> component(String name) {
        return Optional.ofNullable(components.get(name));
    }

    public Optional<ConditionRecord> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }
}
