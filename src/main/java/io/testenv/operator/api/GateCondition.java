package io.testenv.operator.api;

/** What a dependency must reach before its dependent is applied. */
public enum GateCondition {
    /** Every object of the dependency has been accepted by the API server. */
    Applied,
    /** Every object of the dependency is ready by its kind's rule or its health override. */
    Ready
}
