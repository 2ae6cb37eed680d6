package io.testenv.operator.planner.pool;

import io.testenv.operator.planner.state.ConditionRecord;
import java.util.List;

/** Conditions keep their lastTransitionTime while their status and reason stay the same. */
public final class Settle {

    private Settle() {}

    public static List<ConditionRecord> conditions(List<ConditionRecord> previous, List<ConditionRecord> next) {
        return next.stream()
                .map(condition -> previous.stream()
                        .filter(condition::sameStateAs)
                        .findFirst()
                        .map(before -> new ConditionRecord(
                                condition.type(),
                                condition.status(),
                                condition.reason(),
                                condition.message(),
                                before.lastTransitionTime(),
                                condition.observedGeneration()))
                        .orElse(condition))
                .toList();
    }
}
