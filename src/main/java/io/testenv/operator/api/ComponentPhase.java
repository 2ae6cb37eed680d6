package io.testenv.operator.api;

/** Where a component is in its bring-up. */
public enum ComponentPhase {
    /** Not considered yet: the spec is invalid or the environment has not been planned. */
    Pending,
    /** A gate on a dependency is closed. */
    Blocked,
    /** Its objects are being applied, or some have not been observed yet. */
    Applying,
    /** Every object exists; some are not ready yet. */
    Progressing,
    Ready,
    Failed
}
