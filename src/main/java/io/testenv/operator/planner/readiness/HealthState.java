package io.testenv.operator.planner.readiness;

/** The three states of an object, as in kstatus. */
public enum HealthState {
    IN_PROGRESS,
    READY,
    FAILED
}
