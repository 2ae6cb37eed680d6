package io.testenv.operator.api;

/** How an environment's objects go when it is deleted. */
public enum Teardown {
    /** All at once, by garbage collection (owner references), the cluster-scoped ones by the operator. */
    Background,
    /** Component by component in reverse dependency order: each waits until its dependents and their pods are gone. */
    Reverse
}
