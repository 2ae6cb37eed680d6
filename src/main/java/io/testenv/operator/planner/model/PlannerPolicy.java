package io.testenv.operator.planner.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the operator's configuration allows environments to do.
 *
 * @param clusterScopedKinds the cluster-scoped kinds components may create, each as {@code Kind} (any group) or
 *        {@code Kind.group}; empty by default, so no component creates a cluster-scoped object
 * @param retryDelay how long to wait before trying again an object whose kind the API server does not serve yet,
 *        or an environment whose ServiceAccount does not exist yet
 * @param targetNamespaces whether the operator may create a namespace for an environment (spec.targetNamespace):
 *        only where its deployment grants it that cluster-scoped right; off by default
 */
public record PlannerPolicy(Set<String> clusterScopedKinds, Duration retryDelay, boolean targetNamespaces) {

    public PlannerPolicy {
        clusterScopedKinds = clusterScopedKinds.stream()
                .map(String::trim)
                .filter(k -> !k.isEmpty())
                .map(k -> k.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public PlannerPolicy(Set<String> clusterScopedKinds, Duration retryDelay) {
        this(clusterScopedKinds, retryDelay, false);
    }

    public static PlannerPolicy defaults() {
        return new PlannerPolicy(Set.of(), Duration.ofSeconds(5));
    }

    public static PlannerPolicy allowing(String... clusterScopedKinds) {
        return new PlannerPolicy(Set.of(clusterScopedKinds), Duration.ofSeconds(5));
    }

    /** This policy, letting environments have a namespace made for them (or not). */
    public PlannerPolicy withTargetNamespaces(boolean allowed) {
        return new PlannerPolicy(clusterScopedKinds, retryDelay, allowed);
    }

    /** Whether a cluster-scoped object of this kind (group "" for the core group) may be created. */
    public boolean allowsClusterScoped(String group, String kind) {
        String lowerKind = kind.toLowerCase(Locale.ROOT);
        return clusterScopedKinds.contains(lowerKind)
                || clusterScopedKinds.contains(lowerKind + "." + group.toLowerCase(Locale.ROOT));
    }
}
