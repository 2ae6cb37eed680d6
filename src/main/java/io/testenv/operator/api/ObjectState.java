package io.testenv.operator.api;

/**
 * State of one object of a component, as in kstatus. The readiness rules decide InProgress, Ready or Failed;
 * Missing is the operator's, for an object it has not observed.
 */
public enum ObjectState {
    /** The object has not been observed in the cluster. */
    Missing,
    InProgress,
    Ready,
    Failed
}
