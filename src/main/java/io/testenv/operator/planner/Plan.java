package io.testenv.operator.planner;

import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Timings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The planner's decision for one environment at one instant: the state of every component, the conditions,
 * what the bring-up took so far, which components to apply now, when to look again if no event arrives before
 * (the deadline, a retry, the expiry), and everything else the shell carries out ({@link Actions}).
 */
public record Plan(
        long generation,
        EnvironmentPhase phase,
        List<String> toApply,
        List<ComponentState> components,
        List<ConditionRecord> conditions,
        Instant startedAt,
        Instant readyAt,
        Optional<Instant> wakeAt,
        Timings.EnvironmentTiming timing,
        Actions actions,
        Map<String, String> outputs) {

    public Plan {
        toApply = List.copyOf(toApply);
        components = List.copyOf(components);
        conditions = List.copyOf(conditions);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public Plan(
            long generation,
            EnvironmentPhase phase,
            List<String> toApply,
            List<ComponentState> components,
            List<ConditionRecord> conditions,
            Instant startedAt,
            Instant readyAt,
            Optional<Instant> wakeAt,
            Timings.EnvironmentTiming timing) {
        this(
                generation,
                phase,
                toApply,
                components,
                conditions,
                startedAt,
                readyAt,
                wakeAt,
                timing,
                Actions.none(),
                Map.of());
    }

    /** This plan, looked at again at the given instant if no event comes first. */
    public Plan withWakeAt(Optional<Instant> at) {
        return new Plan(
                generation, phase, toApply, components, conditions, startedAt, readyAt, at, timing, actions, outputs);
    }

    public Plan withActions(Actions actions) {
        return new Plan(
                generation,
                phase,
                toApply,
                components,
                conditions,
                startedAt,
                readyAt,
                wakeAt,
                timing,
                actions,
                outputs);
    }

    public Optional<ComponentState> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<ConditionRecord> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** Ready components out of all, as the printer column shows it: {@code 3/4}. */
    public String readySummary() {
        long ready = components.stream().filter(ComponentState::isReady).count();
        return ready + "/" + components.size();
    }

    /** This plan as the history of the next planning pass, as if its status had been written. */
    public History asHistory() {
        Map<String, ComponentState> byName = new LinkedHashMap<>();
        components.forEach(c -> byName.put(c.name(), c));
        return new History(generation, phase, startedAt, readyAt, byName, conditions);
    }
}
