package io.testenv.operator.reconciler.pool;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.testenv.operator.planner.state.ConditionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The labels that tie pooled environments to their pool and claim, and conditions to and from the wire. */
public final class PoolMarks {

    private PoolMarks() {}

    /** On a pooled environment: the pool's name. */
    public static final String POOL = "testenv.io/pool";
    /** On a pooled environment: the digest of the template it was made from. */
    public static final String TEMPLATE = "testenv.io/pool-template";
    /** On a pooled environment: the pool's generation it was made at. */
    public static final String GENERATION = "testenv.io/pool-generation";
    /** On a claimed environment: the claim's name. */
    public static final String CLAIM = "testenv.io/claim";

    public static List<Condition> toWire(List<ConditionRecord> records) {
        return records.stream()
                .map(record -> new ConditionBuilder()
                        .withType(record.type())
                        .withStatus(record.status())
                        .withReason(record.reason())
                        .withMessage(record.message())
                        .withLastTransitionTime(record.lastTransitionTime()
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString())
                        .withObservedGeneration(record.observedGeneration())
                        .build())
                .toList();
    }

    public static List<ConditionRecord> fromWire(List<Condition> conditions) {
        return Optional.ofNullable(conditions).orElse(List.of()).stream()
                .filter(c -> c.getType() != null && c.getStatus() != null && c.getReason() != null)
                .map(c -> new ConditionRecord(
                        c.getType(),
                        c.getStatus(),
                        c.getReason(),
                        c.getMessage(),
                        instant(c.getLastTransitionTime()),
                        Optional.ofNullable(c.getObservedGeneration()).orElse(0L)))
                .toList();
    }

    public static Instant instant(String time) {
        return time == null || time.isEmpty() ? Instant.EPOCH : Instant.parse(time);
    }
}
