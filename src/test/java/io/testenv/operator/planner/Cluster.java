package io.testenv.operator.planner;

import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.ReadinessRules;
import io.testenv.operator.planner.state.ApplyError;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A simulated cluster for planner tests: it plays the reconciler (plan, "apply" what the plan opens, record the
 * plan as the next pass's history) and the controllers (objects become ready or fail when the test says so),
 * with a clock the test moves.
 */
final class Cluster {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final Planner planner;
    private EnvironmentModel env;
    private final Map<ObjectRef, Map<String, Object>> objects = new HashMap<>();
    private final Map<ObjectRef, ApplyError> applyErrors = new HashMap<>();
    private final Map<ObjectRef, ApplyError> rejections = new HashMap<>();
    private Optional<Observation.Heartbeat> heartbeat = Optional.empty();
    private History history = History.none();
    private Instant now = T0;
    private Plan last;

    Cluster(EnvironmentModel env) {
        this(env, PlannerPolicy.defaults());
    }

    Cluster(EnvironmentModel env, PlannerPolicy policy) {
        this.env = env;
        this.planner = new Planner(ReadinessRules.standard(), new CelHealth(), policy);
    }

    /**
     * One reconcile as the reconciler does it: plan, apply what the plan opens (objects appear, not ready),
     * plan again until no new component opens. The returned plan is the final one, with {@code toApply} set to
     * every component this reconcile applied.
     */
    Plan reconcile() {
        Plan plan = planner.plan(env, observation(), history, now);
        Set<String> applied = new LinkedHashSet<>();
        while (!applied.containsAll(plan.toApply())) {
            for (String name : plan.toApply()) {
                if (applied.add(name)) {
                    apply(name);
                }
            }
            plan = planner.plan(env, observation(), plan.asHistory(), now);
        }
        history = plan.asHistory();
        applyErrors.clear();
        last = new Plan(
                plan.generation(),
                plan.phase(),
                List.copyOf(applied),
                plan.components(),
                plan.conditions(),
                plan.startedAt(),
                plan.readyAt(),
                plan.wakeAt(),
                plan.timing(),
                plan.actions(),
                plan.outputs());
        return last;
    }

    /** Only plans, without applying: what a single pass decides. */
    Plan planOnly() {
        last = planner.plan(env, observation(), history, now);
        return last;
    }

    Plan last() {
        return last;
    }

    Cluster at(long secondsAfterStart) {
        now = T0.plus(Duration.ofSeconds(secondsAfterStart));
        return this;
    }

    Cluster spec(EnvironmentModel newSpec) {
        env = newSpec;
        return this;
    }

    Cluster ready(String... components) {
        for (String component : components) {
            for (Manifest manifest : component(component).manifests()) {
                objects.put(manifest.ref(), LiveObjects.ready(manifest.ref()));
            }
        }
        return this;
    }

    Cluster object(ObjectRef ref, Map<String, Object> content) {
        objects.put(ref, content);
        return this;
    }

    Cluster delete(ObjectRef ref) {
        objects.remove(ref);
        return this;
    }

    /** The environment's heartbeat Lease, as observed: renewed (or created) this many seconds after the start. */
    Cluster lease(long lastBeatAfterStart, Integer durationSeconds) {
        heartbeat = Optional.of(new Observation.Heartbeat(T0.plusSeconds(lastBeatAfterStart), durationSeconds));
        return this;
    }

    /** The next apply of this object fails with this error (seen by the plans of that reconcile only). */
    Cluster rejectNextApply(ObjectRef ref, ApplyError error) {
        rejections.put(ref, error);
        return this;
    }

    boolean exists(ObjectRef ref) {
        return objects.containsKey(ref);
    }

    private void apply(String name) {
        for (Manifest manifest : component(name).manifests()) {
            ApplyError error = rejections.remove(manifest.ref());
            if (error != null) {
                applyErrors.put(manifest.ref(), error);
            } else {
                objects.putIfAbsent(manifest.ref(), LiveObjects.created(manifest.ref()));
            }
        }
    }

    private ComponentModel component(String name) {
        return env.components().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private Observation observation() {
        return new Observation(new LinkedHashMap<>(objects), Map.of(), applyErrors).withHeartbeat(heartbeat);
    }

    static List<String> names(List<ComponentState> components) {
        return components.stream().map(ComponentState::name).toList();
    }
}
