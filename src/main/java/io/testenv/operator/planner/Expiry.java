package io.testenv.operator.planner;

import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.Observation;
import java.time.Instant;
import java.util.Optional;

/**
 * When an environment deletes itself, named as Jobs name it: {@code ttlSecondsAfterReady} counts from the
 * moment the environment became Ready, {@code ttlSecondsAfterFailed} from the moment it failed (the Failed
 * condition's transition); and when its heartbeat runs out. A suite that forgets to clean up, or is killed, costs
 * the cluster nothing for long.
 */
public final class Expiry {

    /** Why an environment deletes itself: the reason of its Event. */
    public enum Cause {
        /** A time to live is over. */
        Expired,
        /** Nobody renewed its heartbeat Lease within the timeout. */
        HeartbeatExpired
    }

    private Expiry() {}

    /**
     * When the heartbeat runs out: the timeout after the Lease was last renewed (or created). Empty without a
     * heartbeat, or before a Lease of the environment's own is observed: the clock starts with the Lease.
     */
    public static Optional<Instant> ofHeartbeat(Integer timeoutSeconds, Optional<Observation.Heartbeat> lease) {
        if (timeoutSeconds == null) {
            return Optional.empty();
        }
        return lease.map(l -> l.lastBeat().plusSeconds(timeoutSeconds));
    }

    public static Optional<Instant> of(Plan plan, Integer ttlSecondsAfterReady, Integer ttlSecondsAfterFailed) {
        Optional<ConditionRecord> failed = plan.condition(ConditionTypes.FAILED).filter(ConditionRecord::isTrue);
        if (failed.isPresent()) {
            return ttlSecondsAfterFailed == null
                    ? Optional.empty()
                    : Optional.of(failed.get().lastTransitionTime().plusSeconds(Math.max(0, ttlSecondsAfterFailed)));
        }
        if (plan.readyAt() != null && ttlSecondsAfterReady != null) {
            return Optional.of(plan.readyAt().plusSeconds(Math.max(0, ttlSecondsAfterReady)));
        }
        return Optional.empty();
    }
}
