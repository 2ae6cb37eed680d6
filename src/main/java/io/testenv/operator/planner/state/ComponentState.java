package io.testenv.operator.planner.state;

import io.testenv.operator.api.ComponentPhase;
import java.time.Instant;
import java.util.List;

/**
 * The state of one component after planning: its phase with a CamelCase reason and a message, the recorded
 * times of this generation's bring-up, and the state of each object.
 */
public record ComponentState(
        String name,
        ComponentPhase phase,
        String reason,
        String message,
        Instant appliedAt,
        Instant readyAt,
        Instant failedAt,
        Long appliedGeneration,
        List<ObjectEvaluation> objects) {

    public ComponentState {
        objects = List.copyOf(objects);
    }

    public boolean isReady() {
        return phase == ComponentPhase.Ready;
    }

    public boolean isFailed() {
        return phase == ComponentPhase.Failed;
    }

    /** Every object has been accepted by the API server and observed. */
    public boolean isApplied() {
        return phase == ComponentPhase.Progressing || phase == ComponentPhase.Ready;
    }

    /** One line for the environment's messages: {@code datastorage (Progressing: Deployment datastorage Available: 0/1)}. */
    public String summary() {
        return name + " (" + phase + ": " + message + ")";
    }
}
