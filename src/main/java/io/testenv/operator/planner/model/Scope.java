package io.testenv.operator.planner.model;

/** Whether a kind lives in a namespace, as the API server's discovery says. */
public enum Scope {
    NAMESPACED,
    CLUSTER,
    /** The API server does not serve the kind (yet): its CRD may still be on its way. */
    UNKNOWN
}
