package io.testenv.operator.planner.state;

import io.testenv.operator.api.GateCondition;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bring-up took, from the recorded times only (never from the clock): per component the time from applied
 * to ready and the time its gates held it (from the start of the bring-up to its apply); for the environment the
 * elapsed time, the critical path and what a one-at-a-time bring-up would have taken (the sum of the components'
 * ready times).
 */
public final class Timings {

    /** Durations of one component; empty where the component has not reached that point. */
    public record ComponentTiming(Optional<Duration> ready, Optional<Duration> blocked) {}

    /** The environment's timing; every duration is empty until every component is ready. */
    public record EnvironmentTiming(
            Instant startedAt,
            Instant readyAt,
            Optional<Duration> elapsed,
            List<String> criticalPath,
            Optional<Duration> criticalPathDuration,
            Optional<Duration> sequential,
            Map<String, ComponentTiming> components) {

        public EnvironmentTiming {
            criticalPath = List.copyOf(criticalPath);
            components = Map.copyOf(components);
        }

        public ComponentTiming component(String name) {
            return components.getOrDefault(name, new ComponentTiming(Optional.empty(), Optional.empty()));
        }
    }

    private Timings() {}

    public static EnvironmentTiming of(
            EnvironmentModel env, List<ComponentState> components, Instant startedAt, Instant readyAt) {
        Map<String, ComponentTiming> perComponent = new LinkedHashMap<>();
        for (ComponentState component : components) {
            Optional<Duration> ready = component.appliedAt() == null || component.readyAt() == null
                    ? Optional.empty()
                    : Optional.of(nonNegative(Duration.between(component.appliedAt(), component.readyAt())));
            Optional<Duration> blocked = component.appliedAt() == null || startedAt == null
                    ? Optional.empty()
                    : Optional.of(nonNegative(Duration.between(startedAt, component.appliedAt())));
            perComponent.put(component.name(), new ComponentTiming(ready, blocked));
        }
        if (readyAt == null || startedAt == null) {
            return new EnvironmentTiming(
                    startedAt, readyAt, Optional.empty(), List.of(), Optional.empty(), Optional.empty(), perComponent);
        }
        Map<String, ComponentModel> models = new LinkedHashMap<>();
        env.components().forEach(c -> models.put(c.name(), c));
        Optional<CriticalPath.Result> path = CriticalPath.of(components.stream()
                .map(c -> new CriticalPath.Times(
                        c.name(),
                        c.appliedAt(),
                        c.readyAt(),
                        models.containsKey(c.name()) ? models.get(c.name()).dependsOn() : List.of()))
                .toList());
        Optional<Duration> sequential =
                perComponent.values().stream().allMatch(t -> t.ready().isPresent())
                        ? Optional.of(perComponent.values().stream()
                                .map(t -> t.ready().orElseThrow())
                                .reduce(Duration.ZERO, Duration::plus))
                        : Optional.empty();
        return new EnvironmentTiming(
                startedAt,
                readyAt,
                Optional.of(nonNegative(Duration.between(startedAt, readyAt))),
                path.map(CriticalPath.Result::components).orElse(List.of()),
                path.map(CriticalPath.Result::duration),
                sequential,
                perComponent);
    }

    /**
     * Gate latency of a component applied in this pass: from the moment its last gate opened to its apply. An
     * Applied gate opens when the dependency was applied. A Ready gate opens when the dependency became ready,
     * which is when its controller recorded the status that made it so: the API server's time of the latest
     * status write among its objects ({@link #statusRecordedAt}), so that the watch event's delivery to the
     * operator is counted, kept within the dependency's apply and the moment the operator saw it ready (a later
     * write is not the one that made it ready, an earlier one is of a previous bring-up); without a status write
     * (a ConfigMap is ready once applied), the moment the operator saw it ready. The API server keeps whole
     * seconds, so the end of the recorded second is taken: delivery is counted once it is slower than the rest of
     * that second, and a latency reads at most as long as it was. Empty for a component without dependencies.
     */
    public static Optional<Duration> gateLatency(
            ComponentModel component, List<ComponentState> components, Map<ObjectRef, Map<String, Object>> observed) {
        Map<String, ComponentState> byName = new LinkedHashMap<>();
        components.forEach(c -> byName.put(c.name(), c));
        ComponentState applied = byName.get(component.name());
        if (applied == null
                || applied.appliedAt() == null
                || component.dependsOn().isEmpty()) {
            return Optional.empty();
        }
        Instant lastOpened = null;
        for (var gate : component.dependsOn()) {
            ComponentState dependency = byName.get(gate.component());
            Instant opened = dependency == null
                    ? null
                    : gate.condition() == GateCondition.Applied
                            ? dependency.appliedAt()
                            : becameReady(dependency, observed);
            if (opened == null) {
                return Optional.empty();
            }
            lastOpened = lastOpened == null || opened.isAfter(lastOpened) ? opened : lastOpened;
        }
        return Optional.of(nonNegative(Duration.between(lastOpened, applied.appliedAt())));
    }

    private static Instant becameReady(ComponentState dependency, Map<ObjectRef, Map<String, Object>> observed) {
        if (dependency.readyAt() == null) {
            return null;
        }
        return becameReady(
                dependency.appliedAt(),
                dependency.readyAt(),
                dependency.objects().stream()
                        .map(object -> observed.get(object.ref()))
                        .filter(Objects::nonNull)
                        .toList());
    }

    /**
     * When a component whose objects the operator saw ready at {@code seen} became ready: when their controllers
     * recorded the status that made them so, the API server's time of the latest status write among them, kept
     * within the apply and {@code seen} (a later write is not the one that made it ready, an earlier one is of a
     * previous bring-up). So an operator that was down or slow to hear of it (a restart, a backlog) does not move
     * the time: an outage shows as the outage it was, not as a slow component. Objects without a status write (a
     * ConfigMap is ready once applied) are ready when seen. The API server keeps whole seconds: the end of the
     * recorded second is taken, so a time reads at most as late as it was.
     */
    public static Instant becameReady(Instant appliedAt, Instant seen, List<Map<String, Object>> objects) {
        Optional<Instant> recorded = objects.stream()
                .map(Timings::statusRecordedAt)
                .flatMap(Optional::stream)
                .max(Instant::compareTo);
        if (recorded.isEmpty()
                || recorded.get().isAfter(seen)
                || (appliedAt != null && recorded.get().isBefore(appliedAt.truncatedTo(ChronoUnit.SECONDS)))) {
            return seen;
        }
        Instant latestPossible = recorded.get().plusSeconds(1);
        Instant opened = latestPossible.isBefore(seen) ? latestPossible : seen;
        return appliedAt != null && opened.isBefore(appliedAt) ? appliedAt : opened;
    }

    /**
     * When the API server last recorded a write to the object's status subresource (its managedFields entry for
     * {@code status}, in whole seconds), if any.
     */
    public static Optional<Instant> statusRecordedAt(Map<String, Object> object) {
        Object metadata = object.get("metadata");
        if (!(metadata instanceof Map<?, ?> meta) || !(meta.get("managedFields") instanceof List<?> entries)) {
            return Optional.empty();
        }
        Instant latest = null;
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> field
                    && "status".equals(field.get("subresource"))
                    && field.get("time") instanceof String time) {
                try {
                    Instant at = Instant.parse(time);
                    latest = latest == null || at.isAfter(latest) ? at : latest;
                } catch (DateTimeParseException e) {
                    // not a time: no record
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
