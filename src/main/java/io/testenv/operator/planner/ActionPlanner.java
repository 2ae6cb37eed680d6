package io.testenv.operator.planner;

import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.model.TargetNamespace;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.Observation;
import io.testenv.operator.planner.state.Reasons;
import io.testenv.operator.planner.validate.SpecValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@link Actions} of a plan, decided from its status, the model and the observation: what the shell carries
 * out besides the applies.
 */
final class ActionPlanner {

    private ActionPlanner() {}

    /** The plan's actions, decided from its status; the expiry, if sooner, is also when to look again. */
    static Plan withActions(EnvironmentModel env, Observation observation, Plan plan, Instant now) {
        Set<String> force = plan.components().stream()
                .filter(c -> plan.toApply().contains(c.name()) && Reasons.CORRECTING_DRIFT.equals(c.reason()))
                .map(ComponentState::name)
                .collect(Collectors.toCollection(TreeSet::new));
        boolean writable = observation.identityProblem().isEmpty()
                && !Reasons.isSpecLevel(plan.condition(ConditionTypes.FAILED)
                        .map(ConditionRecord::reason)
                        .orElse(""));
        Optional<Membership> membership = writable
                ? Optional.of(Membership.of(
                        env, observation.parent().recordedGroupKinds().keySet()))
                : Optional.empty();
        Optional<Instant> expiresAt = Expiry.of(
                plan, env.cleanup().ttlSecondsAfterReady(), env.cleanup().ttlSecondsAfterFailed());
        Optional<Actions.HeartbeatLease> heartbeat = heartbeat(env, observation, writable);
        Optional<Instant> beatRunsOut = heartbeat.flatMap(Actions.HeartbeatLease::expiresAt);
        Optional<Expiry.Cause> expiredBy = Optional.empty();
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            expiredBy = Optional.of(Expiry.Cause.Expired);
        } else if (beatRunsOut.isPresent() && !now.isBefore(beatRunsOut.get())) {
            expiredBy = Optional.of(Expiry.Cause.HeartbeatExpired);
        }
        Optional<Instant> wakeAt = sooner(sooner(plan.wakeAt(), expiresAt), beatRunsOut);
        // Once it exists the namespace is recorded whatever the spec's state, so that it goes with the environment;
        // it is created only for a spec that may be applied.
        Optional<TargetNamespace> target = env.target().filter(t -> t.known() || writable);
        Actions actions = new Actions(
                force,
                membership,
                finalizerStep(env, observation.parent(), target.isPresent()),
                expiresAt,
                expiredBy,
                retrying(plan),
                observation.identityProblem().isEmpty() ? relearn(env, observation, plan) : List.of(),
                membership.isPresent() ? binding(env, plan) : Optional.empty(),
                heartbeat,
                target);
        return plan.withWakeAt(wakeAt).withActions(actions);
    }

    private static Optional<Instant> sooner(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty() || b.isPresent() && b.get().isBefore(a.get())) {
            return b;
        }
        return a;
    }

    /**
     * The heartbeat Lease is written when the spec asks for a heartbeat and none of the environment's own is
     * observed, or one with another duration; deleted when the spec no longer asks for one. Its clock runs from
     * the Lease, whoever renews it; even when nothing may be written for the environment, an observed Lease still
     * runs out.
     */
    private static Optional<Actions.HeartbeatLease> heartbeat(
            EnvironmentModel env, Observation observation, boolean writable) {
        Integer seconds = env.cleanup().heartbeatSeconds();
        Optional<Observation.Heartbeat> lease = observation.heartbeat();
        if (seconds == null) {
            return lease.map(l -> new Actions.HeartbeatLease(env.name(), null, writable, Optional.empty(), false));
        }
        boolean write = writable
                && lease.map(l -> !seconds.equals(l.leaseDurationSeconds())).orElse(true);
        return Optional.of(new Actions.HeartbeatLease(
                env.name(),
                seconds,
                write,
                Expiry.ofHeartbeat(seconds, lease),
                env.cleanup().heartbeatDeletesNamespace()));
    }

    /** Once Ready, which needs every output resolved, the outputs go into the binding Secret. */
    private static Optional<BindingSecret> binding(EnvironmentModel env, Plan plan) {
        if (env.outputs().isEmpty() || plan.phase() != EnvironmentPhase.Ready) {
            return Optional.empty();
        }
        Map<String, BindingSecret.SecretKey> fromSecrets = new LinkedHashMap<>();
        env.outputs().stream()
                .filter(OutputExpression::fromSecret)
                .forEach(o -> fromSecrets.put(o.name(), new BindingSecret.SecretKey(o.secret(), o.key())));
        return Optional.of(new BindingSecret(SpecValidator.bindingName(env), plan.outputs(), fromSecrets));
    }

    /**
     * The finalizer is held while the environment's deletion needs the operator ({@link Finalization}); otherwise
     * the environment is labelled for garbage collection, and the finalizer taken off in the same write.
     */
    private static Actions.FinalizerStep finalizerStep(
            EnvironmentModel env, Observation.Parent parent, boolean ownsNamespace) {
        List<Scope> scopes = new ArrayList<>();
        env.components().forEach(component -> component.manifests().forEach(m -> scopes.add(m.scope())));
        scopes.addAll(parent.recordedGroupKinds().values());
        boolean needed = Finalization.needed(env.cleanup().reverse(), scopes, ownsNamespace);
        Actions.FinalizerWrite write = Actions.FinalizerWrite.NONE;
        if (!needed && (!parent.garbageCollected() || parent.finalizerHeld())) {
            write = Actions.FinalizerWrite.RELEASE;
        } else if (needed && parent.garbageCollected()) {
            write = Actions.FinalizerWrite.RECLAIM;
        }
        return new Actions.FinalizerStep(needed, parent.finalizerHeld(), write);
    }

    /** The first component whose apply met a transient error, with the error, while the environment goes on. */
    private static Optional<String> retrying(Plan plan) {
        if (plan.phase() == EnvironmentPhase.Failed) {
            return Optional.empty();
        }
        return plan.components().stream()
                .filter(c -> Reasons.RETRYING.equals(c.reason()))
                .map(c -> "component " + c.name() + ": " + c.message())
                .findFirst();
    }

    /**
     * The declared paths the API server rewrites are learnt from each apply's answer. After a restart they are
     * unknown, and a rewritten value (a quantity normalized) would read as drift: for an object of a component
     * that reads as drifted and whose paths were not learnt since, a dry-run apply teaches them again; then the
     * planner decides whether the object really drifted.
     */
    private static List<Actions.Relearn> relearn(EnvironmentModel env, Observation observation, Plan plan) {
        List<Actions.Relearn> relearn = new ArrayList<>();
        for (ComponentModel component : env.components()) {
            boolean drifted = plan.component(component.name())
                    .map(ComponentState::reason)
                    .filter(r -> Reasons.DRIFTED.equals(r) || Reasons.CORRECTING_DRIFT.equals(r))
                    .isPresent();
            if (drifted) {
                component.manifests().stream()
                        .filter(m -> !observation.normalizedPaths().containsKey(m.ref()))
                        .forEach(m -> relearn.add(new Actions.Relearn(component.name(), m)));
            }
        }
        return relearn;
    }
}
