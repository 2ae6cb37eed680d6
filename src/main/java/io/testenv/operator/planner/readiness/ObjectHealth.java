package io.testenv.operator.planner.readiness;

/**
 * The state of one object with a CamelCase reason and a short message such as {@code Available: 1/3}.
 * Messages carry no timestamps or changing counters beyond what the object itself reports.
 */
public record ObjectHealth(HealthState state, String reason, String message) {

    public static ObjectHealth ready(String reason, String message) {
        return new ObjectHealth(HealthState.READY, reason, message);
    }

    public static ObjectHealth inProgress(String reason, String message) {
        return new ObjectHealth(HealthState.IN_PROGRESS, reason, message);
    }

    public static ObjectHealth failed(String reason, String message) {
        return new ObjectHealth(HealthState.FAILED, reason, message);
    }

    public boolean isReady() {
        return state == HealthState.READY;
    }

    public boolean isFailed() {
        return state == HealthState.FAILED;
    }
}
