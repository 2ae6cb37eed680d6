package io.testenv.operator.planner;

import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.ConditionTypes;
import java.time.Instant;
import java.util.Optional;

/**
 * When an environment deletes itself, named as Jobs name it: {@code ttlSecondsAfterReady} counts from the
 * moment the environment became Ready, {@code ttlSecondsAfterFailed} from the moment it failed (the Failed
 * condition's transition). A suite that forgets to clean up costs the cluster nothing for long.
 */
public final class Expiry {

    private Expiry() {}

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
