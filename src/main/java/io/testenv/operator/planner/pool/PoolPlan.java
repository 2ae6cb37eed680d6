package io.testenv.operator.planner.pool;

import io.testenv.operator.planner.state.ConditionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a pool does now: environments to create, to delete (and why), claims to bind to environments, the counts and
 * conditions its status reports, its back-off, and when to look again by itself.
 */
public record PoolPlan(
        int create,
        List<Deletion> delete,
        List<Binding> bindings,
        int ready,
        int bringingUp,
        int claimed,
        BackOff backOff,
        List<ConditionRecord> conditions,
        Optional<Instant> wakeAt) {

    /** An environment to delete, and why (one of {@link PoolReasons}). */
    public record Deletion(String environment, String reason) {}

    /** A claim bound to an environment. */
    public record Binding(String claim, String environment) {}

    public PoolPlan {
        delete = List.copyOf(delete);
        bindings = List.copyOf(bindings);
        conditions = List.copyOf(conditions);
    }
}
