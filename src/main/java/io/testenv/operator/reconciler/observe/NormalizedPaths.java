package io.testenv.operator.reconciler.observe;

import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.state.DriftCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declared paths the API server changes when it accepts an apply (a quantity it normalizes, a webhook's
 * rewrite), learnt from each apply's answer, so that drift detection does not mistake them for someone else's
 * change and correct them forever. Kept in memory: after a restart, such a path is corrected once and learnt
 * again.
 */
@ApplicationScoped
public class NormalizedPaths {

    private final Map<String, Map<ObjectRef, Set<String>>> byEnvironment = new ConcurrentHashMap<>();

    public void learn(String environmentUid, Manifest manifest, Map<String, Object> applied) {
        Set<String> paths = Set.copyOf(DriftCheck.changedPaths(manifest.content(), applied, Set.of()));
        byEnvironment
                .computeIfAbsent(environmentUid, uid -> new ConcurrentHashMap<>())
                .put(manifest.ref(), paths);
    }

    public Map<ObjectRef, Set<String>> of(String environmentUid) {
        return Map.copyOf(byEnvironment.getOrDefault(environmentUid, Map.of()));
    }

    public void forget(String environmentUid) {
        byEnvironment.remove(environmentUid);
    }

    public void retainOnly(Set<String> environmentUids) {
        byEnvironment.keySet().retainAll(environmentUids);
    }
}
