package io.testenv.operator.planner.pool;

import java.time.Instant;

/**
 * One of a pool's environments as observed: its name, when it was made, from which template, its state, and the
 * claim holding it (null when unclaimed).
 */
public record Member(String name, Instant created, String templateHash, State state, String claim, String message) {

    public enum State {
        BringingUp,
        Ready,
        Failed,
        /** Being deleted: counts for nothing, and is not deleted again. */
        Deleting
    }

    public boolean claimed() {
        return claim != null;
    }

    public static Member of(String name, Instant created, String templateHash, State state) {
        return new Member(name, created, templateHash, state, null, null);
    }
}
