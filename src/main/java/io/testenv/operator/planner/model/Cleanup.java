package io.testenv.operator.planner.model;

import io.testenv.operator.api.Teardown;

/**
 * How an environment goes: its teardown order when deleted, and when it deletes itself (as Jobs name it:
 * {@code ttlSecondsAfterReady} from the moment it became Ready, {@code ttlSecondsAfterFailed} from its failure;
 * null when it stays until deleted), and the heartbeat's timeout (null: none) and whether
 * its running out also deletes the namespace made for the environment.
 */
public record Cleanup(
        Teardown teardown,
        Integer ttlSecondsAfterReady,
        Integer ttlSecondsAfterFailed,
        Integer heartbeatSeconds,
        boolean heartbeatDeletesNamespace) {

    public Cleanup {
        teardown = teardown == null ? Teardown.Background : teardown;
    }

    public Cleanup(Teardown teardown, Integer ttlSecondsAfterReady, Integer ttlSecondsAfterFailed) {
        this(teardown, ttlSecondsAfterReady, ttlSecondsAfterFailed, null, false);
    }

    public Cleanup(
            Teardown teardown, Integer ttlSecondsAfterReady, Integer ttlSecondsAfterFailed, Integer heartbeatSeconds) {
        this(teardown, ttlSecondsAfterReady, ttlSecondsAfterFailed, heartbeatSeconds, false);
    }

    public static Cleanup none() {
        return new Cleanup(Teardown.Background, null, null, null, false);
    }

    /** Whether the environment lives only as long as its heartbeat Lease is renewed. */
    public boolean heartbeat() {
        return heartbeatSeconds != null;
    }

    public boolean reverse() {
        return teardown == Teardown.Reverse;
    }
}
