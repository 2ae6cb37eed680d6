package io.testenv.operator.planner.model;

import io.testenv.operator.api.GateCondition;

/** A dependsOn edge: the dependent waits until {@code component} meets {@code condition}. */
public record Gate(String component, GateCondition condition) {

    @Override
    public String toString() {
        return component + "=" + condition;
    }
}
