package io.testenv.operator.planner.model;

import io.testenv.operator.api.Teardown;

/**
 * How an environment goes: its teardown order when deleted, and when it deletes itself (as Jobs name it:
 * {@code ttlSecondsAfterReady} from the moment it became Ready, {@code ttlSecondsAfterFailed} from its failure;
 * null when it stays until deleted).
 */
public record Cleanup(Teardown teardown, Integer ttlSecondsAfterReady, Integer ttlSecondsAfterFailed) {

    public Cleanup {
        teardown = teardown == null ? Teardown.Background : teardown;
    }

    public static Cleanup none() {
        return new Cleanup(Teardown.Background, null, null);
    }

    public boolean reverse() {
        return teardown == Teardown.Reverse;
    }
}
