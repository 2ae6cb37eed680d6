package io.testenv.operator.planner.trace;

import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.GateCondition;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.Transitions;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Reasons;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The bring-up of a Ready or Failed environment as spans, from the recorded times of its status only (so the
 * export says what the status says, to the millisecond):
 *
 * <ul>
 *   <li>{@code testenv.bringup <namespace>/<name>}, under the traceparent's span, from {@code timing.startedAt} to
 *       {@code timing.readyAt} (a failed bring-up: to the Failed condition's transition), an error when it failed;
 *   <li>{@code component <name>} under it for every component that was applied, from its {@code appliedAt} to its
 *       {@code readyAt}, or to its {@code failedAt} as an error with its reason and message; a component still in
 *       progress when the bring-up failed ends with it, an error when the bring-up timed out;
 *   <li>{@code gate <name>} under it for the wait before a component's apply, from the moment its gates opened
 *       (its last dependency applied or ready as the gate asks, or the start of the bring-up for a component
 *       without dependencies) to its {@code appliedAt}, when that wait was longer than zero.
 * </ul>
 *
 * The components of the critical path carry {@code testenv.critical_path=true}; the bring-up carries the path
 * itself. Descriptions are the status' reasons and messages, which name objects but never carry their contents.
 */
public final class BringUpSpans {

    public static final String ROOT = "bringup";
    /** Descriptions of errors are cut at this length. */
    static final int MAX_DESCRIPTION = 512;

    private BringUpSpans() {}

    /**
     * Whether the plan concludes a bring-up that the status written before had not: it is Ready or Failed, and it
     * became so now (its phase changed, or its readyAt is new, or it failed now). Once a status that says so is
     * written, the next reconcile finds it in the history, so a bring-up is concluded once.
     */
    public static boolean concludedNow(History before, Plan plan, Transitions transitions) {
        boolean ready = plan.phase() == EnvironmentPhase.Ready;
        boolean failed = plan.phase() == EnvironmentPhase.Failed;
        return (ready || failed)
                && (before.phase() != plan.phase()
                        || ready && transitions.environmentReady().isPresent()
                        || failed && transitions.failed().isPresent());
    }

    /** The spans of the bring-up the plan concludes; none while it is neither Ready nor Failed. */
    public static List<SpanSpec> of(EnvironmentModel model, Plan plan) {
        if (plan.startedAt() == null
                || (plan.phase() != EnvironmentPhase.Ready && plan.phase() != EnvironmentPhase.Failed)) {
            return List.of();
        }
        Instant start = millis(plan.startedAt());
        Instant end = notBefore(start, millis(endOf(plan)));
        Optional<ConditionRecord> failure = plan.phase() == EnvironmentPhase.Failed
                ? plan.condition(ConditionTypes.FAILED).filter(ConditionRecord::isTrue)
                : Optional.empty();
        boolean timedOut =
                failure.map(c -> Reasons.TIMED_OUT.equals(c.reason())).orElse(false);
        Set<String> criticalPath = Set.copyOf(plan.timing().criticalPath());
        Map<String, ComponentState> byName = new LinkedHashMap<>();
        plan.components().forEach(c -> byName.put(c.name(), c));
        Map<String, ComponentModel> models = new LinkedHashMap<>();
        model.components().forEach(c -> models.put(c.name(), c));

        List<SpanSpec> spans = new ArrayList<>();
        spans.add(root(model, plan, start, end, failure));
        for (ComponentState component : plan.components()) {
            if (component.appliedAt() == null) {
                continue;
            }
            Instant appliedAt = notBefore(start, millis(component.appliedAt()));
            List<Gate> gates = Optional.ofNullable(models.get(component.name()))
                    .map(ComponentModel::dependsOn)
                    .orElse(List.of());
            Instant opened = notBefore(start, gatesOpened(gates, byName).orElse(start));
            Map<String, Object> common = new LinkedHashMap<>();
            common.put("testenv.environment", model.name());
            common.put("testenv.namespace", model.namespace());
            common.put("testenv.component", component.name());
            common.put("testenv.critical_path", criticalPath.contains(component.name()));
            if (appliedAt.isAfter(opened)) {
                Map<String, Object> attributes = new LinkedHashMap<>(common);
                attributes.put(
                        "testenv.depends_on", gates.stream().map(Gate::toString).toList());
                attributes.put("testenv.blocked_seconds", seconds(start, appliedAt));
                spans.add(new SpanSpec(
                        "gate/" + component.name(),
                        Optional.of(ROOT),
                        "gate " + component.name(),
                        opened,
                        appliedAt,
                        attributes,
                        Optional.empty()));
            }
            spans.add(component(component, common, appliedAt, end, timedOut));
        }
        return List.copyOf(spans);
    }

    private static SpanSpec root(
            EnvironmentModel model, Plan plan, Instant start, Instant end, Optional<ConditionRecord> failure) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("testenv.environment", model.name());
        attributes.put("testenv.namespace", model.namespace());
        attributes.put("testenv.generation", plan.generation());
        attributes.put("testenv.phase", plan.phase().name());
        attributes.put("testenv.strategy", model.strategy().name());
        attributes.put("testenv.components", (long) plan.components().size());
        if (!plan.timing().criticalPath().isEmpty()) {
            attributes.put("testenv.critical_path", plan.timing().criticalPath());
        }
        plan.timing().elapsed().ifPresent(d -> attributes.put("testenv.elapsed_seconds", seconds(d)));
        plan.timing()
                .criticalPathDuration()
                .ifPresent(d -> attributes.put("testenv.critical_path_seconds", seconds(d)));
        plan.timing().sequential().ifPresent(d -> attributes.put("testenv.sequential_seconds", seconds(d)));
        failure.ifPresent(c -> attributes.put("testenv.reason", c.reason()));
        return new SpanSpec(
                ROOT,
                Optional.empty(),
                "testenv.bringup " + model.namespace() + "/" + model.name(),
                start,
                end,
                attributes,
                failure.map(c -> describe(c.reason(), c.message())));
    }

    private static SpanSpec component(
            ComponentState component, Map<String, Object> common, Instant appliedAt, Instant end, boolean timedOut) {
        Map<String, Object> attributes = new LinkedHashMap<>(common);
        attributes.put("testenv.phase", component.phase().name());
        if (component.reason() != null) {
            attributes.put("testenv.reason", component.reason());
        }
        Instant until;
        Optional<String> error = Optional.empty();
        if (component.isFailed() && component.failedAt() != null) {
            until = millis(component.failedAt());
            error = Optional.of(describe(component.reason(), component.message()));
        } else if (component.readyAt() != null) {
            until = millis(component.readyAt());
            attributes.put("testenv.ready_seconds", seconds(appliedAt, notBefore(appliedAt, until)));
        } else {
            // still in progress when the bring-up failed: it ends with the bring-up
            until = end;
            if (timedOut) {
                error = Optional.of(describe(component.reason(), component.message()));
            }
        }
        return new SpanSpec(
                "component/" + component.name(),
                Optional.of(ROOT),
                "component " + component.name(),
                appliedAt,
                notBefore(appliedAt, until),
                attributes,
                error);
    }

    /**
     * When the last of the gates opened: an Applied gate when its dependency was applied, a Ready gate when it was
     * ready; empty without gates, or when a gate has no recorded time.
     */
    static Optional<Instant> gatesOpened(List<Gate> gates, Map<String, ComponentState> components) {
        Instant last = null;
        for (Gate gate : gates) {
            ComponentState dependency = components.get(gate.component());
            Instant opened = dependency == null
                    ? null
                    : gate.condition() == GateCondition.Applied ? dependency.appliedAt() : dependency.readyAt();
            if (opened == null) {
                return Optional.empty();
            }
            last = last == null || opened.isAfter(last) ? opened : last;
        }
        return Optional.ofNullable(last).map(BringUpSpans::millis);
    }

    /** When the bring-up ended: readyAt, or the Failed condition's transition, else the last recorded time. */
    private static Instant endOf(Plan plan) {
        if (plan.phase() == EnvironmentPhase.Ready && plan.readyAt() != null) {
            return plan.readyAt();
        }
        Optional<Instant> failedAt = plan.phase() == EnvironmentPhase.Failed
                ? plan.condition(ConditionTypes.FAILED)
                        .filter(ConditionRecord::isTrue)
                        .map(ConditionRecord::lastTransitionTime)
                : Optional.empty();
        return failedAt.orElseGet(() -> plan.components().stream()
                .flatMap(c -> Stream.of(c.appliedAt(), c.readyAt(), c.failedAt()))
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(plan.startedAt()));
    }

    static String describe(String reason, String message) {
        String text = message == null || message.isBlank() ? String.valueOf(reason) : reason + ": " + message;
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION - 1) + "…";
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant notBefore(Instant floor, Instant instant) {
        return instant.isBefore(floor) ? floor : instant;
    }

    private static double seconds(Instant from, Instant to) {
        return seconds(Duration.between(from, to));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
