package io.testenv.operator.planner.state;

import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.Scope;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the cluster holds for one environment: its objects by identity, the pods of each component (found by
 * the component label stamped on pod templates), the errors of applies made in this reconcile, and why the
 * environment's ServiceAccount cannot be acted as, if it cannot (then nothing was read or applied for it), the
 * declared paths the API server rewrites on apply (not drift), what the environment object itself carries, and its
 * heartbeat Lease.
 */
public record Observation(
        Map<ObjectRef, Map<String, Object>> objects,
        Map<String, List<Map<String, Object>>> podsByComponent,
        Map<ObjectRef, ApplyError> applyErrors,
        Optional<String> identityProblem,
        Map<ObjectRef, Set<String>> normalizedPaths,
        Parent parent,
        Optional<Heartbeat> heartbeat) {

    /**
     * The environment's heartbeat Lease, when one of its own is observed: when it was last renewed (its
     * {@code spec.renewTime}, before the first renewal its creation) and the duration it was written with.
     */
    public record Heartbeat(Instant lastBeat, Integer leaseDurationSeconds) {}

    /**
     * What the TestEnvironment object carries that decisions depend on: the group-kinds its ApplySet records, each
     * with its scope as discovery answers ({@link Scope#UNKNOWN} when it does not), and whether the teardown
     * finalizer and the garbage-collection label are on.
     */
    public record Parent(Map<String, Scope> recordedGroupKinds, boolean finalizerHeld, boolean garbageCollected) {

        public Parent {
            recordedGroupKinds = Map.copyOf(recordedGroupKinds);
        }

        public static Parent none() {
            return new Parent(Map.of(), false, false);
        }
    }

    public Observation {
        objects = Map.copyOf(objects);
        podsByComponent = Map.copyOf(podsByComponent);
        applyErrors = Map.copyOf(applyErrors);
        normalizedPaths = Map.copyOf(normalizedPaths);
        parent = parent == null ? Parent.none() : parent;
        heartbeat = heartbeat == null ? Optional.empty() : heartbeat;
    }

    public Observation(
            Map<ObjectRef, Map<String, Object>> objects,
            Map<String, List<Map<String, Object>>> podsByComponent,
            Map<ObjectRef, ApplyError> applyErrors) {
        this(objects, podsByComponent, applyErrors, Optional.empty(), Map.of(), Parent.none(), Optional.empty());
    }

    /** Nothing can be observed or applied: the environment's identity cannot be acted as, for this reason. */
    public static Observation unresolvedIdentity(String problem) {
        return new Observation(
                Map.of(), Map.of(), Map.of(), Optional.of(problem), Map.of(), Parent.none(), Optional.empty());
    }

    /** This observation, knowing which declared paths the API server changes on apply (not drift). */
    public Observation withNormalizedPaths(Map<ObjectRef, Set<String>> paths) {
        return new Observation(objects, podsByComponent, applyErrors, identityProblem, paths, parent, heartbeat);
    }

    /** This observation, with what the environment object carries. */
    public Observation withParent(Parent parent) {
        return new Observation(
                objects, podsByComponent, applyErrors, identityProblem, normalizedPaths, parent, heartbeat);
    }

    /** This observation, with the environment's heartbeat Lease as observed (empty: none of its own). */
    public Observation withHeartbeat(Optional<Heartbeat> heartbeat) {
        return new Observation(
                objects, podsByComponent, applyErrors, identityProblem, normalizedPaths, parent, heartbeat);
    }

    public Set<String> normalizedPathsOf(ObjectRef ref) {
        return normalizedPaths.getOrDefault(ref, Set.of());
    }

    public static Observation empty() {
        return new Observation(Map.of(), Map.of(), Map.of());
    }

    public static Observation of(Map<ObjectRef, Map<String, Object>> objects) {
        return new Observation(objects, Map.of(), Map.of());
    }

    /** This observation plus the outcome of applies: applied objects as the server returned them, and errors. */
    public Observation withApplied(Map<ObjectRef, Map<String, Object>> applied, Map<ObjectRef, ApplyError> errors) {
        Map<ObjectRef, Map<String, Object>> mergedObjects = new HashMap<>(objects);
        mergedObjects.putAll(applied);
        Map<ObjectRef, ApplyError> mergedErrors = new HashMap<>(applyErrors);
        mergedErrors.putAll(errors);
        return new Observation(
                mergedObjects, podsByComponent, mergedErrors, identityProblem, normalizedPaths, parent, heartbeat);
    }

    public List<Map<String, Object>> podsOf(String component) {
        return podsByComponent.getOrDefault(component, List.of());
    }
}
