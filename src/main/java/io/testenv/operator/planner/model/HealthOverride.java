package io.testenv.operator.planner.model;

/** CEL readiness override for the objects of one kind in a component; either expression may be null. */
public record HealthOverride(String kind, String readyWhen, String failedWhen) {
}
