package io.testenv.operator.planner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.testenv.operator.planner.model.ObjectRef;

/**
 * What the cluster holds for one environment: its objects by identity, the pods of each component (found by
 * the component label stamped on pod templates), the errors of applies made in this reconcile, and why the
 * environment's ServiceAccount cannot be acted as, if it cannot (then nothing was read or applied for it).
 */
public record Observation(Map<ObjectRef, Map<String, Object>> objects,
        Map<String, List<Map<String, Object>>> podsByComponent,
        Map<ObjectRef, ApplyError> applyErrors, Optional<String> identityProblem,
        Map<ObjectRef, Set<String>> normalizedPaths) {

    public Observation {
        objects = Map.copyOf(objects);
        podsByComponent = Map.copyOf(podsByComponent);
        applyErrors = Map.copyOf(applyErrors);
        normalizedPaths = Map.copyOf(normalizedPaths);
    }

    public Observation(Map<ObjectRef, Map<String, Object>> objects,
            Map<String, List<Map<String, Object>>> podsByComponent, Map<ObjectRef, ApplyError> applyErrors) {
        this(objects, podsByComponent, applyErrors, Optional.empty(), Map.of());
    }

    /** Nothing can be observed or applied: the environment's identity cannot be acted as, for this reason. */
    public static Observation unresolvedIdentity(String problem) {
        return new Observation(Map.of(), Map.of(), Map.of(), Optional.of(problem), Map.of());
    }

    /** This observation, knowing which declared paths the API server changes on apply (not drift). */
    public Observation withNormalizedPaths(Map<ObjectRef, Set<String>> paths) {
        return new Observation(objects, podsByComponent, applyErrors, identityProblem, paths);
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
        return new Observation(mergedObjects, podsByComponent, mergedErrors, identityProblem, normalizedPaths);
    }

    public List<Map<String, Object>> podsOf(String component) {
        return podsByComponent.getOrDefault(component, List.of());
    }
}
