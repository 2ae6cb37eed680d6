package io.testenv.operator.api;

/** State of one object of a component, as in kstatus. */
public enum ObjectState {
    /** The object has not been observed in the cluster. */
    Missing,
    InProgress,
    Ready,
    Failed
}
