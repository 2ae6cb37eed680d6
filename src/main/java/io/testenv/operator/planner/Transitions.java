package io.testenv.operator.planner;

import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Reasons;
import io.testenv.operator.planner.state.Timings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What changed between the status written before and a plan about to be written, computed once: the Events (what
 * {@code kubectl describe} shows, with their severity) and the metric deltas. One Event per condition whose status
 * or reason changed, every component's first state included; the Ready=False and Failed=False an environment
 * starts with are not transitions.
 *
 * @param events the Events, in condition order
 * @param componentsReady the components that became ready, with the time each took from its apply
 * @param environmentReady the time the bring-up took, when the environment became Ready
 * @param failed the reason of the environment's failure, when it failed
 * @param driftReported how many components were found drifted (spec.drift: Report)
 * @param gateLatencies for each component applied in this reconcile, from its gates opening to its apply
 */
public record Transitions(
        List<Event> events,
        Map<String, Duration> componentsReady,
        Optional<Duration> environmentReady,
        Optional<String> failed,
        int driftReported,
        List<Duration> gateLatencies) {

    public enum Severity {
        Normal,
        Warning
    }

    /**
     * An Event on the environment.
     *
     * @param log the line the operator logs for it
     */
    public record Event(Severity severity, String reason, String message, String log) {

        static Event of(Severity severity, String reason, String message) {
            return new Event(severity, reason, message, reason + ": " + message);
        }
    }

    private static final Set<String> WARNING_REASONS = Set.of(
            Reasons.COMPONENT_FAILED,
            Reasons.TIMED_OUT,
            Reasons.INVALID_SPEC,
            Reasons.DEPENDENCY_FAILED,
            Reasons.APPLY_REJECTED,
            Reasons.CONFLICT);

    public Transitions {
        events = List.copyOf(events);
        componentsReady = Map.copyOf(componentsReady);
        gateLatencies = List.copyOf(gateLatencies);
    }

    /**
     * @param before the status written before, as history
     * @param appliedNow the components applied in this reconcile
     * @param observed the objects the plan was made from
     */
    public static Transitions between(
            History before,
            Plan plan,
            EnvironmentModel model,
            Set<String> appliedNow,
            Map<ObjectRef, Map<String, Object>> observed) {
        Map<String, Duration> componentsReady = new LinkedHashMap<>();
        int driftReported = 0;
        for (ComponentState component : plan.components()) {
            Optional<ComponentState> previous = before.component(component.name());
            if (component.readyAt() != null
                    && !Objects.equals(
                            millis(component.readyAt()),
                            previous.map(ComponentState::readyAt).orElse(null))) {
                plan.timing()
                        .component(component.name())
                        .ready()
                        .ifPresent(took -> componentsReady.put(component.name(), took));
            }
            if (Reasons.DRIFTED.equals(component.reason())
                    && !Reasons.DRIFTED.equals(
                            previous.map(ComponentState::reason).orElse(null))) {
                driftReported++;
            }
        }
        List<Duration> gateLatencies = new ArrayList<>();
        for (ComponentModel component : model.components()) {
            if (appliedNow.contains(component.name())) {
                Timings.gateLatency(component, plan.components(), observed).ifPresent(gateLatencies::add);
            }
        }
        Optional<Duration> environmentReady =
                plan.readyAt() != null && !Objects.equals(millis(plan.readyAt()), before.readyAt())
                        ? plan.timing().elapsed()
                        : Optional.empty();
        Optional<String> failed = plan.phase() == EnvironmentPhase.Failed && before.phase() != EnvironmentPhase.Failed
                ? plan.condition(ConditionTypes.FAILED).map(ConditionRecord::reason)
                : Optional.empty();
        return new Transitions(
                events(before, plan), componentsReady, environmentReady, failed, driftReported, gateLatencies);
    }

    private static List<Event> events(History before, Plan plan) {
        List<Event> events = new ArrayList<>();
        for (ConditionRecord condition : plan.conditions()) {
            Optional<ConditionRecord> old = before.condition(condition.type());
            if (old.isPresent()
                    && old.get().status().equals(condition.status())
                    && old.get().reason().equals(condition.reason())) {
                continue;
            }
            if (old.isEmpty() && isStartingState(condition) || mirrorsReadyOrFailed(condition)) {
                continue;
            }
            boolean component = condition.type().startsWith(ConditionTypes.COMPONENT_PREFIX);
            String subject = component
                    ? "component " + condition.type().substring(ConditionTypes.COMPONENT_PREFIX.length())
                    : condition.type() + "=" + condition.status();
            boolean failedComponent = component
                    && plan.components().stream()
                            .anyMatch(c -> c.isFailed()
                                    && ConditionTypes.component(c.name()).equals(condition.type()));
            boolean warning = failedComponent
                    || WARNING_REASONS.contains(condition.reason())
                    || ConditionTypes.FAILED.equals(condition.type()) && condition.isTrue();
            events.add(new Event(
                    warning ? Severity.Warning : Severity.Normal,
                    condition.reason(),
                    subject + ": " + condition.message(),
                    condition.type() + "=" + condition.status() + " " + condition.reason() + ": "
                            + condition.message()));
        }
        return events;
    }

    /** Reconciling and Stalled say what Ready and Failed say, whose transitions are the Events. */
    private static boolean mirrorsReadyOrFailed(ConditionRecord condition) {
        return ConditionTypes.RECONCILING.equals(condition.type()) || ConditionTypes.STALLED.equals(condition.type());
    }

    /** Ready=False and Failed=False when a bring-up starts: where it begins, not a transition worth an Event. */
    private static boolean isStartingState(ConditionRecord condition) {
        return (ConditionTypes.READY.equals(condition.type()) || ConditionTypes.FAILED.equals(condition.type()))
                && !condition.isTrue()
                && !WARNING_REASONS.contains(condition.reason());
    }

    /** The components about to be applied again because an object drifted (spec.drift: Correct). */
    public static List<Event> corrected(Plan plan, Collection<String> components) {
        return components.stream()
                .map(name -> Event.of(
                        Severity.Warning,
                        "DriftCorrected",
                        "component " + name + ": "
                                + plan.component(name)
                                        .map(ComponentState::message)
                                        .orElse("") + "; applied again"))
                .toList();
    }

    /** Members the spec no longer declares were deleted. */
    public static Event pruned(Collection<ObjectRef> pruned) {
        return Event.of(
                Severity.Normal,
                "Pruned",
                "deleted what the spec no longer declares: "
                        + String.join(
                                ", ",
                                pruned.stream()
                                        .map(ObjectRef::describe)
                                        .sorted()
                                        .toList()));
    }

    /** The binding Secret could not be written as planned (the problem names no value). */
    public static Event bindingNotWritten(String problem) {
        return Event.of(Severity.Warning, "BindingNotWritten", problem);
    }

    /** The heartbeat Lease could not be written as planned (the problem names no value). */
    public static Event heartbeatNotWritten(String problem) {
        return Event.of(Severity.Warning, "HeartbeatNotWritten", problem);
    }

    /** The namespace made for an environment whose heartbeat ran out could not go with it. */
    public static Event namespaceNotDeleted(String problem) {
        return Event.of(Severity.Warning, "NamespaceNotDeleted", problem);
    }

    /** The environment is deleted after its time to live, or because its heartbeat ran out. */
    public static Event expired(Plan plan) {
        Optional<Actions.HeartbeatLease> lease = plan.actions().heartbeat();
        if (plan.actions().expiredBy().orElse(null) == Expiry.Cause.HeartbeatExpired && lease.isPresent()) {
            return Event.of(
                    Severity.Warning,
                    Expiry.Cause.HeartbeatExpired.name(),
                    "deleted: its heartbeat Lease " + lease.get().name() + " was not renewed within "
                            + lease.get().timeoutSeconds() + "s (it ran out at "
                            + lease.get().expiresAt().map(Instant::toString).orElse("?") + ")");
        }
        return Event.of(
                Severity.Normal,
                "Expired",
                "deleted after its time to live, " + plan.phase() + " since "
                        + (plan.readyAt() != null ? plan.readyAt() : "its failure"));
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
