package io.testenv.operator.planner;

import java.time.Duration;

/**
 * What the operator's configuration allows environments to do.
 *
 * @param allowClusterScoped whether components may create cluster-scoped objects (CRDs, ClusterRoles...)
 * @param allowOtherNamespaces whether components may create objects outside the environment's namespace
 * @param retryDelay how long to wait before trying again an object whose kind the API server does not serve yet
 */
public record PlannerPolicy(boolean allowClusterScoped, boolean allowOtherNamespaces, Duration retryDelay) {

    public static PlannerPolicy defaults() {
        return new PlannerPolicy(false, false, Duration.ofSeconds(5));
    }

    public static PlannerPolicy permissive() {
        return new PlannerPolicy(true, true, Duration.ofSeconds(5));
    }
}
