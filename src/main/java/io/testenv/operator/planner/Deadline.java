package io.testenv.operator.planner;

import java.time.Duration;
import java.time.Instant;

/**
 * When a bring-up (or a reverse teardown) must be over: its start and its timeout. The bring-up's start is
 * recorded in the status and survives restarts; the teardown's is the deletion's timestamp.
 */
public record Deadline(Instant startedAt, Duration timeout) {

    public Instant expiresAt() {
        return startedAt.plus(timeout);
    }

    /** Whether the deadline has come: at or after it. */
    public boolean passed(Instant now) {
        return !now.isBefore(expiresAt());
    }

    /** When to look again at the latest, if nothing else happens first: the deadline, or sooner. */
    public Instant wakeAt(Instant sooner) {
        return sooner != null && sooner.isBefore(expiresAt()) ? sooner : expiresAt();
    }
}
