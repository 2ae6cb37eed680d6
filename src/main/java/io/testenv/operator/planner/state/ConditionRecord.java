package io.testenv.operator.planner.state;

import java.time.Instant;

/** A status condition in metav1.Condition shape; {@code status} is True, False or Unknown. */
public record ConditionRecord(
        String type,
        String status,
        String reason,
        String message,
        Instant lastTransitionTime,
        long observedGeneration) {

    public static final String TRUE = "True";
    public static final String FALSE = "False";

    public boolean isTrue() {
        return TRUE.equals(status);
    }

    /** Same type, status and reason: what an Event reports and what decides lastTransitionTime. */
    public boolean sameStateAs(ConditionRecord other) {
        return other != null && type.equals(other.type) && status.equals(other.status) && reason.equals(other.reason);
    }
}
