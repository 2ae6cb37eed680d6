package io.testenv.operator.planner.state;

import java.util.Set;

/** The CamelCase reasons of conditions, component phases and objects (the condition types: {@link ConditionTypes}). */
public final class Reasons {

    // environment
    public static final String ALL_COMPONENTS_READY = "AllComponentsReady";
    public static final String WAITING_FOR_COMPONENTS = "WaitingForComponents";
    /** Every component is ready, and an output cannot be resolved yet. */
    public static final String WAITING_FOR_OUTPUTS = "WaitingForOutputs";

    public static final String COMPONENT_FAILED = "ComponentFailed";
    public static final String TIMED_OUT = "TimedOut";
    public static final String INVALID_SPEC = "InvalidSpec";
    /** A CEL expression that does not compile, or exceeds the bounds on its size and cost. */
    public static final String INVALID_EXPRESSION = "InvalidExpression";

    public static final String NO_FAILURE = "NoFailure";
    /** The environment's ServiceAccount is empty, or does not exist: no API call is made for it. */
    public static final String SERVICE_ACCOUNT_REQUIRED = "ServiceAccountRequired";

    // confinement: what an environment may create
    public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";
    public static final String CLUSTER_SCOPED_NOT_ALLOWED = "ClusterScopedNotAllowed";
    public static final String RBAC_NOT_ALLOWED = "RBACNotAllowed";
    public static final String TEST_ENVIRONMENT_NOT_ALLOWED = "TestEnvironmentNotAllowed";
    public static final String TOKEN_SECRET_NOT_ALLOWED = "TokenSecretNotAllowed";
    public static final String POD_SERVICE_ACCOUNT_NOT_ALLOWED = "PodServiceAccountNotAllowed";
    /** spec.targetNamespace, where the operator may not create namespaces. */
    public static final String TARGET_NAMESPACE_NOT_ALLOWED = "TargetNamespaceNotAllowed";

    // component
    public static final String PENDING = "Pending";
    public static final String WAITING_FOR_GATE = "WaitingForGate";
    public static final String WAITING_FOR_TURN = "WaitingForTurn";
    /** The namespace made for the environment's objects does not exist yet: it is created first. */
    public static final String WAITING_FOR_NAMESPACE = "WaitingForNamespace";

    public static final String DEPENDENCY_FAILED = "DependencyFailed";
    public static final String APPLYING = "Applying";
    public static final String KIND_NOT_SERVED = "KindNotServed";
    /** The API server answered an apply with a transient error (throttling, a timeout, a capacity limit). */
    public static final String RETRYING = "Retrying";

    public static final String PROGRESSING = "Progressing";
    public static final String READY = "Ready";
    public static final String APPLY_REJECTED = "ApplyRejected";
    /** The object exists and is not this environment's, or another manager owns fields we set: left alone. */
    public static final String CONFLICT = "Conflict";
    /** The API server refused the request for lack of rights (the impersonated ServiceAccount's, or ours). */
    public static final String FORBIDDEN = "Forbidden";

    /** An object of the component was changed outside the environment (spec.drift: Report). */
    public static final String DRIFTED = "Drifted";
    /** An object of the component was changed outside the environment and is applied again (spec.drift: Correct). */
    public static final String CORRECTING_DRIFT = "CorrectingDrift";

    // object
    public static final String NOT_FOUND = "NotFound";

    private Reasons() {}

    private static final Set<String> SPEC_LEVEL = Set.of(
            INVALID_SPEC,
            INVALID_EXPRESSION,
            SERVICE_ACCOUNT_REQUIRED,
            NAMESPACE_NOT_ALLOWED,
            CLUSTER_SCOPED_NOT_ALLOWED,
            RBAC_NOT_ALLOWED,
            TEST_ENVIRONMENT_NOT_ALLOWED,
            TOKEN_SECRET_NOT_ALLOWED,
            POD_SERVICE_ACCOUNT_NOT_ALLOWED,
            TARGET_NAMESPACE_NOT_ALLOWED);

    /** Whether the environment failed before anything could be applied: its spec or identity cannot be. */
    public static boolean isSpecLevel(String reason) {
        return SPEC_LEVEL.contains(reason);
    }
}
