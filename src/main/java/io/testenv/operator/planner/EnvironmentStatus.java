package io.testenv.operator.planner;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.graph.ComponentGraph;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.GoDuration;
import io.testenv.operator.planner.state.ComponentAssessor;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Reasons;
import io.testenv.operator.planner.state.Timings;
import io.testenv.operator.planner.validate.SpecError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles the environment's phase and conditions from its components: Ready, Failed, and one gate
 * condition per component. A condition keeps its lastTransitionTime while its status does not flip.
 */
public final class EnvironmentStatus {

    private EnvironmentStatus() {}

    /**
     * Nothing is applied: the spec cannot be. The conditions' reason is the first error's, so the most specific
     * one a user can act on (NamespaceNotAllowed, say) is what {@code kubectl get} and a suite read.
     */
    public static Plan invalid(
            EnvironmentModel env,
            ComponentGraph graph,
            List<SpecError> errors,
            History history,
            Instant startedAt,
            Instant now) {
        String reason = errors.get(0).reason();
        String message = (Reasons.INVALID_SPEC.equals(reason) ? "invalid spec: " : "not applied: ")
                + String.join("; ", errors.stream().map(SpecError::message).toList());
        List<ComponentState> components = graph.names().stream()
                .map(name -> new ComponentState(
                        name,
                        ComponentPhase.Pending,
                        Reasons.INVALID_SPEC,
                        "not applied: the spec is invalid",
                        null,
                        null,
                        null,
                        null,
                        List.of()))
                .toList();
        Conditions conditions = new Conditions(history, env.generation(), now);
        conditions.set(ConditionTypes.READY, false, reason, message);
        conditions.set(ConditionTypes.FAILED, true, reason, message);
        components.forEach(c -> conditions.set(ConditionTypes.component(c.name()), false, c.reason(), c.message()));
        return new Plan(
                env.generation(),
                EnvironmentPhase.Failed,
                List.of(),
                components,
                conditions.all(),
                startedAt,
                null,
                Optional.empty(),
                Timings.of(env, components, startedAt, null));
    }

    /**
     * Nothing could be planned or applied: an API error came first (the operator's own write of its finalizer or
     * ApplySet record refused). Pending, Ready=False with reason Retrying and the cause, the start recorded so that
     * the deadline runs.
     */
    public static Plan retrying(EnvironmentModel env, String message, Instant now) {
        List<ComponentState> components = env.components().stream()
                .map(c -> new ComponentState(
                        c.name(),
                        ComponentPhase.Pending,
                        Reasons.PENDING,
                        "not applied yet",
                        null,
                        null,
                        null,
                        null,
                        List.of()))
                .toList();
        Conditions conditions = new Conditions(History.none(), env.generation(), now);
        conditions.set(ConditionTypes.READY, false, Reasons.RETRYING, message);
        conditions.set(ConditionTypes.FAILED, false, Reasons.NO_FAILURE, "no component failed");
        components.forEach(c -> conditions.set(ConditionTypes.component(c.name()), false, c.reason(), c.message()));
        return new Plan(
                env.generation(),
                EnvironmentPhase.Pending,
                List.of(),
                components,
                conditions.all(),
                now,
                null,
                Optional.empty(),
                Timings.of(env, components, now, null));
    }

    public static Plan of(
            EnvironmentModel env,
            List<ComponentState> components,
            List<String> toApply,
            boolean timedOut,
            Duration timeout,
            History history,
            Instant startedAt,
            Instant readyAt,
            Optional<Instant> wakeAt,
            Instant now,
            Map<String, String> outputs,
            String outputProblem) {
        Conditions conditions = new Conditions(history, env.generation(), now);
        List<ComponentState> failed =
                components.stream().filter(ComponentState::isFailed).toList();
        List<ComponentState> notReady =
                components.stream().filter(c -> !c.isReady()).toList();
        long ready = components.size() - notReady.size();
        EnvironmentPhase phase;
        if (!failed.isEmpty()) {
            String message = "failed: "
                    + ComponentAssessor.join(
                            failed.stream().map(ComponentState::summary).toList());
            conditions.set(ConditionTypes.READY, false, Reasons.COMPONENT_FAILED, message);
            conditions.set(ConditionTypes.FAILED, true, Reasons.COMPONENT_FAILED, message);
            phase = EnvironmentPhase.Failed;
        } else if (timedOut) {
            // The failure holds as it was decided: what the environment was waiting on when the deadline passed,
            // even if that became ready since.
            String message = history.condition(ConditionTypes.FAILED)
                    .filter(c -> c.isTrue()
                            && Reasons.TIMED_OUT.equals(c.reason())
                            && c.message() != null
                            && history.isOf(env.generation()))
                    .map(ConditionRecord::message)
                    .orElse("not ready after " + GoDuration.format(timeout)
                            + (notReady.isEmpty()
                                    ? (outputProblem == null ? "" : ": " + outputProblem)
                                    : ": "
                                            + ComponentAssessor.join(notReady.stream()
                                                    .map(ComponentState::summary)
                                                    .toList())));
            conditions.set(ConditionTypes.READY, false, Reasons.TIMED_OUT, message);
            conditions.set(ConditionTypes.FAILED, true, Reasons.TIMED_OUT, message);
            phase = EnvironmentPhase.Failed;
        } else if (notReady.isEmpty() && outputProblem != null) {
            String message = components.size() + "/" + components.size() + " ready; waiting for " + outputProblem;
            conditions.set(ConditionTypes.READY, false, Reasons.WAITING_FOR_OUTPUTS, message);
            conditions.set(ConditionTypes.FAILED, false, Reasons.NO_FAILURE, "no component failed");
            phase = EnvironmentPhase.Progressing;
        } else if (notReady.isEmpty()) {
            conditions.set(
                    ConditionTypes.READY,
                    true,
                    Reasons.ALL_COMPONENTS_READY,
                    Planner.plural(components.size(), "component") + " ready");
            conditions.set(ConditionTypes.FAILED, false, Reasons.NO_FAILURE, "no component failed");
            phase = EnvironmentPhase.Ready;
        } else {
            conditions.set(
                    ConditionTypes.READY,
                    false,
                    Reasons.WAITING_FOR_COMPONENTS,
                    ready + "/"
                            + components.size() + " ready; waiting for "
                            + ComponentAssessor.join(notReady.stream()
                                    .map(ComponentState::summary)
                                    .toList()));
            conditions.set(ConditionTypes.FAILED, false, Reasons.NO_FAILURE, "no component failed");
            boolean started = components.stream().anyMatch(c -> c.appliedAt() != null);
            phase = started ? EnvironmentPhase.Progressing : EnvironmentPhase.Pending;
        }
        for (ComponentState component : components) {
            conditions.set(
                    ConditionTypes.component(component.name()),
                    component.isReady(),
                    component.reason(),
                    component.message());
        }
        return new Plan(
                env.generation(),
                phase,
                toApply,
                components,
                conditions.all(),
                startedAt,
                readyAt,
                wakeAt,
                Timings.of(env, components, startedAt, readyAt),
                Actions.none(),
                outputs);
    }

    /** Conditions of one pass; a condition whose status did not flip keeps its previous lastTransitionTime. */
    private static final class Conditions {
        private final History history;
        private final long generation;
        private final Instant now;
        private final List<ConditionRecord> conditions = new ArrayList<>();

        Conditions(History history, long generation, Instant now) {
            this.history = history;
            this.generation = generation;
            this.now = now;
        }

        void set(String type, boolean status, String reason, String message) {
            String value = status ? ConditionRecord.TRUE : ConditionRecord.FALSE;
            Instant since = history.condition(type)
                    .filter(c -> c.status().equals(value))
                    .map(ConditionRecord::lastTransitionTime)
                    .orElse(now);
            conditions.add(new ConditionRecord(type, value, reason, message, since, generation));
            if (ConditionTypes.FAILED.equals(type)) {
                kstatus();
            }
        }

        /**
         * Reconciling and Stalled, the conditions kstatus reads (Flux, kpt, the cli-utils applier, Helm's --wait),
         * from Ready and Failed: Reconciling while neither holds, with Ready's reason and message, else with the
         * outcome's; Stalled as Failed is.
         */
        private void kstatus() {
            ConditionRecord ready = conditions.stream()
                    .filter(c -> c.type().equals(ConditionTypes.READY))
                    .findFirst()
                    .orElseThrow();
            ConditionRecord failed = conditions.get(conditions.size() - 1);
            ConditionRecord outcome = failed.isTrue() ? failed : ready;
            set(ConditionTypes.RECONCILING, !ready.isTrue() && !failed.isTrue(), outcome.reason(), outcome.message());
            set(ConditionTypes.STALLED, failed.isTrue(), failed.reason(), failed.message());
        }

        List<ConditionRecord> all() {
            return List.copyOf(conditions);
        }
    }
}
