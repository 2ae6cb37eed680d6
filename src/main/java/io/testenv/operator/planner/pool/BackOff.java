package io.testenv.operator.planner.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * The pool's back-off after environments of its template failed: {@code failures} in a row, and when it may
 * create again. The wait doubles with each failure, from {@link #FIRST} to {@link #LONGEST}.
 */
public record BackOff(int failures, Instant retryAt) {

    public static final Duration FIRST = Duration.ofSeconds(2);
    public static final Duration LONGEST = Duration.ofMinutes(5);
    public static final BackOff NONE = new BackOff(0, null);

    /** The back-off after {@code more} further failures observed at {@code now}. */
    public BackOff after(int more, Instant now) {
        int total = failures + more;
        return new BackOff(total, now.plus(wait(total)));
    }

    public static Duration wait(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration wait = FIRST;
        for (int i = 1; i < failures && wait.compareTo(LONGEST) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    public boolean waiting(Instant now) {
        return retryAt != null && now.isBefore(retryAt);
    }

    public boolean stalled() {
        return failures > 0;
    }
}
