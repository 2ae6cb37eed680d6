package io.testenv.operator.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * The operator's own overhead on one graph: its time to Ready against the critical-path bound plus each kind's
 * controller floor along that path (what no orchestrator can beat on a real control plane). Parallel's target is
 * at most 5% + 0.2 s over it.
 */
record Overhead(Duration time, Duration fairBound) {

    static final double SHARE = 0.05;
    static final Duration ALLOWANCE = Duration.ofMillis(200);

    /** The time over the fair bound (negative when the run beat it: the floors are medians). */
    Duration over() {
        return time.minus(fairBound);
    }

    /** The time over the fair bound as a share of it, in percent. */
    double percent() {
        return fairBound.isZero() ? 0 : 100.0 * over().toMillis() / fairBound.toMillis();
    }

    /** The fair bound × 1.05 + 0.2 s. */
    Duration target() {
        return Duration.ofMillis((long) Math.ceil(fairBound.toMillis() * (1 + SHARE)))
                .plus(ALLOWANCE);
    }

    boolean met() {
        return time.compareTo(target()) <= 0;
    }

    /** "+412 ms (+5.8%)". */
    String describe() {
        return String.format(Locale.ROOT, "%+d ms (%+.1f%%)", over().toMillis(), percent());
    }
}
