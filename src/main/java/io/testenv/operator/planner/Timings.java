package io.testenv.operator.planner;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;

/**
 * What a bring-up took, from the recorded times only (never from the clock): per component the time from applied
 * to ready and the time its gates held it (from the start of the bring-up to its apply); for the environment the
 * elapsed time, the critical path and what a one-at-a-time bring-up would have taken (the sum of the components'
 * ready times).
 */
public final class Timings {

    /** Durations of one component; empty where the component has not reached that point. */
    public record ComponentTiming(Optional<Duration> ready, Optional<Duration> blocked) {
    }

    /** The environment's timing; every duration is empty until every component is ready. */
    public record EnvironmentTiming(Instant startedAt, Instant readyAt, Optional<Duration> elapsed,
            List<String> criticalPath, Optional<Duration> criticalPathDuration, Optional<Duration> sequential,
            Map<String, ComponentTiming> components) {

        public EnvironmentTiming {
            criticalPath = List.copyOf(criticalPath);
            components = Map.copyOf(components);
        }

        public ComponentTiming component(String name) {
            return components.getOrDefault(name, new ComponentTiming(Optional.empty(), Optional.empty()));
        }
    }

    private Timings() {
    }

    public static EnvironmentTiming of(EnvironmentModel env, List<ComponentPlan> components, Instant startedAt,
            Instant readyAt) {
        Map<String, ComponentTiming> perComponent = new LinkedHashMap<>();
        for (ComponentPlan component : components) {
            Optional<Duration> ready = component.appliedAt() == null || component.readyAt() == null ? Optional.empty()
                    : Optional.of(nonNegative(Duration.between(component.appliedAt(), component.readyAt())));
            Optional<Duration> blocked = component.appliedAt() == null || startedAt == null ? Optional.empty()
                    : Optional.of(nonNegative(Duration.between(startedAt, component.appliedAt())));
            perComponent.put(component.name(), new ComponentTiming(ready, blocked));
        }
        if (readyAt == null || startedAt == null) {
            return new EnvironmentTiming(startedAt, readyAt, Optional.empty(), List.of(), Optional.empty(),
                    Optional.empty(), perComponent);
        }
        Map<String, ComponentModel> models = new LinkedHashMap<>();
        env.components().forEach(c -> models.put(c.name(), c));
        Optional<CriticalPath.Result> path = CriticalPath.of(components.stream()
                .map(c -> new CriticalPath.Times(c.name(), c.appliedAt(), c.readyAt(),
                        models.containsKey(c.name()) ? models.get(c.name()).dependsOn() : List.of()))
                .toList());
        Optional<Duration> sequential = perComponent.values().stream().allMatch(t -> t.ready().isPresent())
                ? Optional.of(perComponent.values().stream().map(t -> t.ready().orElseThrow())
                        .reduce(Duration.ZERO, Duration::plus))
                : Optional.empty();
        return new EnvironmentTiming(startedAt, readyAt,
                Optional.of(nonNegative(Duration.between(startedAt, readyAt))),
                path.map(CriticalPath.Result::components).orElse(List.of()),
                path.map(CriticalPath.Result::duration), sequential, perComponent);
    }

    /**
     * Gate latency of a component applied in this pass: from the moment its last gate opened (the dependency
     * recorded ready, or applied for an Applied gate) to its apply. Empty for a component without dependencies.
     */
    public static Optional<Duration> gateLatency(ComponentModel component, List<ComponentPlan> components) {
        Map<String, ComponentPlan> byName = new LinkedHashMap<>();
        components.forEach(c -> byName.put(c.name(), c));
        ComponentPlan applied = byName.get(component.name());
        if (applied == null || applied.appliedAt() == null || component.dependsOn().isEmpty()) {
            return Optional.empty();
        }
        Instant lastOpened = null;
        for (var gate : component.dependsOn()) {
            ComponentPlan dependency = byName.get(gate.component());
            Instant opened = dependency == null ? null
                    : gate.condition() == io.testenv.operator.api.GateCondition.Applied ? dependency.appliedAt()
                            : dependency.readyAt();
            if (opened == null) {
                return Optional.empty();
            }
            lastOpened = lastOpened == null || opened.isAfter(lastOpened) ? opened : lastOpened;
        }
        return Optional.of(nonNegative(Duration.between(lastOpened, applied.appliedAt())));
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
