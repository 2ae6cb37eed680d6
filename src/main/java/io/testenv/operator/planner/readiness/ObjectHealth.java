package io.testenv.operator.planner.readiness;

import io.testenv.operator.api.ObjectState;

/**
 * The state of one object (in progress, ready or failed: a rule never says {@link ObjectState#Missing}) with a
 * CamelCase reason and a short message such as {@code Available: 1/3}. Messages carry no timestamps or changing
 * counters beyond what the object itself reports.
 */
public record ObjectHealth(ObjectState state, String reason, String message) {

    public static ObjectHealth ready(String reason, String message) {
        return new ObjectHealth(ObjectState.Ready, reason, message);
    }

    public static ObjectHealth inProgress(String reason, String message) {
        return new ObjectHealth(ObjectState.InProgress, reason, message);
    }

    public static ObjectHealth failed(String reason, String message) {
        return new ObjectHealth(ObjectState.Failed, reason, message);
    }

    public boolean isReady() {
        return state == ObjectState.Ready;
    }

    public boolean isFailed() {
        return state == ObjectState.Failed;
    }
}
