package io.testenv.operator.planner;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.DriftPolicy;
import io.testenv.operator.api.ObjectState;
import io.testenv.operator.planner.gates.Gates;
import io.testenv.operator.planner.graph.ComponentGraph;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.CelOutputs;
import io.testenv.operator.planner.readiness.ReadinessRules;
import io.testenv.operator.planner.state.ComponentAssessor;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.DriftCheck;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.ObjectEvaluation;
import io.testenv.operator.planner.state.ObjectEvaluator;
import io.testenv.operator.planner.state.Observation;
import io.testenv.operator.planner.state.Reasons;
import io.testenv.operator.planner.validate.SpecError;
import io.testenv.operator.planner.validate.SpecValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, from the spec, the observed objects, the previous status and the current instant, what to apply
 * and what the status is. Deterministic and free of I/O: the same inputs always give the same plan.
 */
public final class Planner {

    private final SpecValidator validator;
    private final ComponentAssessor assessor;
    private final PlannerPolicy policy;
    private final CelOutputs outputs = new CelOutputs();

    public Planner(ReadinessRules rules, CelHealth cel, PlannerPolicy policy) {
        this.validator = new SpecValidator(cel, outputs, policy);
        this.assessor = new ComponentAssessor(new ObjectEvaluator(rules, cel));
        this.policy = policy;
    }

    /** The plan of an environment whose reconcile met an API error before anything could be planned or applied. */
    public Plan retrying(EnvironmentModel env, String message, Instant now) {
        return EnvironmentStatus.retrying(env, message, now);
    }

    /**
     * The whole decision for one environment: its status and everything the shell carries out (what to apply and
     * with what force, the ApplySet record and prune, the finalizer, the expiry, when to look again).
     */
    public Plan plan(EnvironmentModel env, Observation observation, History history, Instant now) {
        Plan status = status(env, observation, history, now);
        return ActionPlanner.withActions(env, observation, status, now);
    }

    private Plan status(EnvironmentModel env, Observation observation, History history, Instant now) {
        long generation = env.generation();
        boolean sameGeneration = history.isOf(generation);
        Instant startedAt = sameGeneration && history.startedAt() != null ? history.startedAt() : now;
        Instant previousReadyAt = sameGeneration ? history.readyAt() : null;
        SpecValidator.Result validation = validator.validate(env);
        if (!validation.errors().isEmpty()) {
            return EnvironmentStatus.invalid(env, validation.graph(), validation.errors(), history, startedAt, now);
        }
        if (observation.identityProblem().isPresent()) {
            // Not sticky: the ServiceAccount may be created in a moment, and nothing tells the operator when.
            Plan unresolved = EnvironmentStatus.invalid(
                    env,
                    validation.graph(),
                    List.of(new SpecError(
                            Reasons.SERVICE_ACCOUNT_REQUIRED,
                            observation.identityProblem().get())),
                    history,
                    startedAt,
                    now);
            return unresolved.withWakeAt(Optional.of(now.plus(policy.retryDelay())));
        }
        Deadline deadline = new Deadline(startedAt, env.timeout().duration().orElseThrow());
        if (env.target().filter(t -> !t.known()).isPresent()) {
            // The objects' namespace is not known yet: nothing is applied before the shell created it.
            return waitingForNamespace(env, history, startedAt, deadline, now);
        }
        boolean timedOut = sameGeneration
                && history.condition(ConditionTypes.FAILED)
                        .filter(c -> c.isTrue() && Reasons.TIMED_OUT.equals(c.reason()))
                        .isPresent();
        boolean deadlinePassed = previousReadyAt == null && deadline.passed(now);
        boolean mayApply = !timedOut && !deadlinePassed;

        ComponentGraph graph = validation.graph();
        List<String> order = graph.topologicalOrder();
        Map<String, ComponentModel> byName = new HashMap<>();
        env.components().forEach(c -> byName.put(c.name(), c));
        Map<String, ComponentState> decided = new HashMap<>();
        List<String> toApply = new ArrayList<>();
        boolean retrySoon = false;
        for (String name : order) {
            ComponentModel component = byName.get(name);
            Optional<ComponentState> previous = history.component(name);
            ComponentState plan = decide(
                    env, component, order, decided, byName, observation, previous, sameGeneration, mayApply, now);
            if (plan.phase() == ComponentPhase.Applying && !hasApplyError(plan)) {
                toApply.add(name);
            }
            retrySoon |= Reasons.KIND_NOT_SERVED.equals(plan.reason());
            decided.put(name, plan);
        }
        List<ComponentState> inSpecOrder =
                env.components().stream().map(c -> decided.get(c.name())).toList();
        boolean componentsReady = inSpecOrder.stream().allMatch(ComponentState::isReady);
        // Resolving the outputs is part of becoming Ready.
        Resolved resolved = componentsReady ? resolveOutputs(env, observation) : Resolved.NOT_YET;
        boolean allReady = componentsReady && resolved.problem() == null;
        boolean failedByTimeout = timedOut || (!allReady && deadlinePassed);
        // Ready when its last component became ready, which may be before the operator heard of it.
        Instant readyAt = previousReadyAt != null
                ? previousReadyAt
                : (allReady && !failedByTimeout
                        ? inSpecOrder.stream()
                                .map(ComponentState::readyAt)
                                .filter(Objects::nonNull)
                                .max(Instant::compareTo)
                                .orElse(now)
                        : null);
        boolean anyFailed = inSpecOrder.stream().anyMatch(ComponentState::isFailed);
        Optional<Instant> wakeAt = Optional.empty();
        if (!allReady && !failedByTimeout && !anyFailed) {
            wakeAt = Optional.of(deadline.wakeAt(retrySoon ? now.plus(policy.retryDelay()) : null));
        }
        return EnvironmentStatus.of(
                env,
                inSpecOrder,
                toApply,
                failedByTimeout,
                deadline.timeout(),
                history,
                startedAt,
                readyAt,
                wakeAt,
                now,
                resolved.values(),
                componentsReady ? resolved.problem() : null);
    }

    /** Every component waits for the namespace made for the environment, which the plan's actions create. */
    private static Plan waitingForNamespace(
            EnvironmentModel env, History history, Instant startedAt, Deadline deadline, Instant now) {
        List<ComponentState> pending = env.components().stream()
                .map(c -> new ComponentState(
                        c.name(),
                        ComponentPhase.Pending,
                        Reasons.WAITING_FOR_NAMESPACE,
                        "waiting for the namespace made for the environment ("
                                + env.target().get().generateName() + "...)",
                        null,
                        null,
                        null,
                        history.component(c.name())
                                .map(ComponentState::appliedGeneration)
                                .orElse(null),
                        List.of()))
                .toList();
        return EnvironmentStatus.of(
                env,
                pending,
                List.of(),
                false,
                deadline.timeout(),
                history,
                startedAt,
                null,
                Optional.of(deadline.wakeAt(null)),
                now,
                Map.of(),
                null);
    }

    /** The outputs' values, or the first that cannot be resolved and why. */
    private record Resolved(Map<String, String> values, String problem) {
        static final Resolved NOT_YET = new Resolved(Map.of(), null);
    }

    /**
     * Each output over the environment's objects as observed, keyed {@code "<Kind>/<name>"}. Secrets are not among
     * them: their values are never visible to an expression.
     */
    private Resolved resolveOutputs(EnvironmentModel env, Observation observation) {
        if (env.outputs().isEmpty()) {
            return Resolved.NOT_YET;
        }
        Map<String, Object> objects = new LinkedHashMap<>();
        for (ComponentModel component : env.components()) {
            for (Manifest manifest : component.manifests()) {
                Map<String, Object> live = observation.objects().get(manifest.ref());
                boolean secret = "Secret".equals(manifest.ref().kind())
                        && manifest.ref().group().isEmpty();
                if (live != null && !secret) {
                    objects.put(manifest.ref().kind() + "/" + manifest.ref().name(), live);
                }
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (OutputExpression output : env.outputs()) {
            if (output.fromSecret()) {
                // its value is copied into the binding Secret by the shell; here only whether the Secret is there
                if (!observation.objects().containsKey(output.secret())) {
                    return new Resolved(
                            Map.of(),
                            "output " + output.name() + ": waiting for Secret "
                                    + output.secret().name());
                }
                continue;
            }
            CelOutputs.Result result = outputs.resolve(output.expression(), objects, env.objectNamespace(), env.name());
            if (result.problem() != null) {
                return new Resolved(Map.of(), "output " + output.name() + ": " + result.problem());
            }
            values.put(output.name(), result.value());
        }
        return new Resolved(values, null);
    }

    private ComponentState decide(
            EnvironmentModel env,
            ComponentModel component,
            List<String> order,
            Map<String, ComponentState> decided,
            Map<String, ComponentModel> byName,
            Observation observation,
            Optional<ComponentState> previous,
            boolean sameGeneration,
            boolean mayApply,
            Instant now) {
        long generation = env.generation();
        List<ObjectEvaluation> objectPlans = assessor.objectsOf(component, observation);
        if (sameGeneration && previous.filter(ComponentState::isFailed).isPresent()) {
            ComponentState failed = previous.get();
            return new ComponentState(
                    failed.name(),
                    failed.phase(),
                    failed.reason(),
                    failed.message(),
                    failed.appliedAt(),
                    failed.readyAt(),
                    failed.failedAt(),
                    failed.appliedGeneration(),
                    objectPlans);
        }
        boolean appliedThisGeneration = previous.map(ComponentState::appliedGeneration)
                .filter(g -> g == generation)
                .isPresent();
        if (!appliedThisGeneration) {
            Gates.Decision gate = Gates.decide(env.strategy(), component, order, decided, byName);
            // Not applied in this generation: its times, if any, are an earlier bring-up's and are not shown.
            if (!gate.open()) {
                return new ComponentState(
                        component.name(),
                        ComponentPhase.Blocked,
                        gate.reason(),
                        gate.message(),
                        null,
                        null,
                        null,
                        previous.map(ComponentState::appliedGeneration).orElse(null),
                        objectPlans);
            }
            if (!mayApply) {
                return new ComponentState(
                        component.name(),
                        ComponentPhase.Blocked,
                        Reasons.TIMED_OUT,
                        "not applied: the environment timed out",
                        null,
                        null,
                        null,
                        previous.map(ComponentState::appliedGeneration).orElse(null),
                        objectPlans);
            }
            return new ComponentState(
                    component.name(),
                    ComponentPhase.Applying,
                    Reasons.APPLYING,
                    "applying " + plural(component.manifests().size(), "object"),
                    now,
                    null,
                    null,
                    generation,
                    objectPlans);
        }
        Instant appliedAt = previous.map(ComponentState::appliedAt).orElse(now);
        List<String> drifted = drifted(component, observation);
        if (!drifted.isEmpty()) {
            String message = "changed outside the environment: " + ComponentAssessor.join(drifted);
            Instant readyAt = previous.map(ComponentState::readyAt).orElse(null);
            if (env.drift() == DriftPolicy.Correct && mayApply) {
                return new ComponentState(
                        component.name(),
                        ComponentPhase.Applying,
                        Reasons.CORRECTING_DRIFT,
                        message,
                        appliedAt,
                        readyAt,
                        null,
                        generation,
                        objectPlans);
            }
            return new ComponentState(
                    component.name(),
                    ComponentPhase.Progressing,
                    Reasons.DRIFTED,
                    message,
                    appliedAt,
                    readyAt,
                    null,
                    generation,
                    objectPlans);
        }
        ComponentState assessed =
                assessor.assess(component, objectPlans, observation, previous, generation, appliedAt, now);
        boolean recreate = assessed.phase() == ComponentPhase.Applying && mayApply;
        if (assessed.phase() == ComponentPhase.Applying && !recreate) {
            // Past the deadline nothing is applied again: what the last apply met (a transient error, a kind not
            // served) is still the reason, and is kept.
            String message = previous.filter(
                            p -> Reasons.RETRYING.equals(p.reason()) || Reasons.KIND_NOT_SERVED.equals(p.reason()))
                    .map(ComponentState::message)
                    .orElse(assessed.message());
            return new ComponentState(
                    assessed.name(),
                    ComponentPhase.Progressing,
                    Reasons.TIMED_OUT,
                    message,
                    appliedAt,
                    assessed.readyAt(),
                    null,
                    generation,
                    objectPlans);
        }
        return assessed;
    }

    /** "Deployment web: spec.replicas" for each object whose declared fields no longer hold what was declared. */
    private static List<String> drifted(ComponentModel component, Observation observation) {
        List<String> drifted = new ArrayList<>();
        for (Manifest manifest : component.manifests()) {
            Map<String, Object> live = observation.objects().get(manifest.ref());
            if (live == null || observation.applyErrors().containsKey(manifest.ref())) {
                continue;
            }
            List<String> paths =
                    DriftCheck.changedPaths(manifest.content(), live, observation.normalizedPathsOf(manifest.ref()));
            if (!paths.isEmpty()) {
                drifted.add(manifest.ref().describe() + ": " + String.join(", ", paths));
            }
        }
        return drifted;
    }

    private static boolean hasApplyError(ComponentState plan) {
        return plan.objects().stream()
                .anyMatch(o -> o.state() == ObjectState.Missing
                        && (Reasons.KIND_NOT_SERVED.equals(o.reason()) || Reasons.RETRYING.equals(o.reason())));
    }

    public static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
