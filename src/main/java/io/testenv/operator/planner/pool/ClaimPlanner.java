package io.testenv.operator.planner.pool;

import io.testenv.operator.planner.state.ConditionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A claim's status, as a function of its pool, its environment and the time: the environment's conditions once
 * bound (Ready only once the environment has taken in the claim's components), else why there is none; when its
 * lifetime ends, and whether its environment is to be deleted now.
 */
public final class ClaimPlanner {

    private ClaimPlanner() {}

    /** The pool as the claim sees it: whether it fails, its lifetimes, its template's components. */
    public record PoolView(boolean stalled, Duration defaultLifetime, Duration maximumLifetime, PoolModel model) {}

    /** The bound environment as observed. */
    public record EnvironmentView(
            String name,
            String targetNamespace,
            long generation,
            long observedGeneration,
            Map<String, ConditionRecord> conditions,
            Map<String, String> outputs,
            boolean deleting) {}

    /** The claim: when it was made, the lifetime it asks for (null: the pool's default), and the environment bound before. */
    public record ClaimView(Claim claim, Duration lifetime, String boundBefore, long generation) {}

    public record ClaimDecision(
            List<ConditionRecord> conditions,
            Optional<Instant> expiresAt,
            boolean deleteEnvironment,
            Map<String, String> outputs) {}

    static final List<String> MIRRORED =
            List.of(PoolReasons.READY, PoolReasons.FAILED, PoolReasons.RECONCILING, PoolReasons.STALLED);

    public static ClaimDecision decide(
            ClaimView view, Optional<PoolView> pool, Optional<EnvironmentView> environment, Instant now) {
        long generation = view.generation();
        Optional<Instant> expiresAt = expiresAt(view, pool);
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            boolean delete = environment.filter(e -> !e.deleting()).isPresent();
            return new ClaimDecision(
                    failed(
                            PoolReasons.LIFETIME_EXPIRED,
                            "the claim's lifetime ended: its environment is deleted",
                            generation,
                            now),
                    expiresAt,
                    delete,
                    Map.of());
        }
        if (environment.isPresent()) {
            return new ClaimDecision(
                    mirror(environment.get(), generation, now),
                    expiresAt,
                    false,
                    environment.get().outputs());
        }
        if (view.boundBefore() != null) {
            return new ClaimDecision(
                    failed(
                            PoolReasons.ENVIRONMENT_GONE,
                            "environment " + view.boundBefore() + " was deleted",
                            generation,
                            now),
                    expiresAt,
                    false,
                    Map.of());
        }
        if (pool.isEmpty()) {
            return new ClaimDecision(
                    waiting(
                            PoolReasons.POOL_NOT_FOUND,
                            "no TestEnvironmentPool " + "of this name in the namespace",
                            true,
                            generation,
                            now),
                    expiresAt,
                    false,
                    Map.of());
        }
        List<String> clashes = pool.get().model().clashes(view.claim());
        if (!clashes.isEmpty()) {
            return new ClaimDecision(
                    failed(
                            PoolReasons.COMPONENT_CLASH,
                            "the template already has components " + String.join(", ", clashes)
                                    + ": a claim adds components, it cannot change the template's",
                            generation,
                            now),
                    expiresAt,
                    false,
                    Map.of());
        }
        if (pool.get().stalled()) {
            return new ClaimDecision(
                    waiting(
                            PoolReasons.POOL_STALLED,
                            "the pool's template fails: no environment to bind",
                            true,
                            generation,
                            now),
                    expiresAt,
                    false,
                    Map.of());
        }
        return new ClaimDecision(
                waiting(
                        PoolReasons.WAITING_FOR_CAPACITY,
                        "no Ready environment free in the pool yet",
                        false,
                        generation,
                        now),
                expiresAt,
                false,
                Map.of());
    }

    static Optional<Instant> expiresAt(ClaimView view, Optional<PoolView> pool) {
        Duration lifetime = view.lifetime() != null
                ? view.lifetime()
                : pool.map(PoolView::defaultLifetime).orElse(null);
        Duration maximum = pool.map(PoolView::maximumLifetime).orElse(null);
        if (maximum != null && (lifetime == null || lifetime.compareTo(maximum) > 0)) {
            lifetime = maximum;
        }
        return Optional.ofNullable(lifetime).map(l -> view.claim().created().plus(l));
    }

    private static List<ConditionRecord> mirror(EnvironmentView env, long generation, Instant now) {
        List<ConditionRecord> conditions = new ArrayList<>();
        boolean current = env.observedGeneration() >= env.generation();
        for (String type : MIRRORED) {
            ConditionRecord theirs = env.conditions().get(type);
            if (!current && (type.equals(PoolReasons.READY) || type.equals(PoolReasons.RECONCILING))) {
                boolean ready = type.equals(PoolReasons.READY);
                conditions.add(new ConditionRecord(
                        type,
                        ready ? ConditionRecord.FALSE : ConditionRecord.TRUE,
                        PoolReasons.APPLYING_CLAIM,
                        "environment " + env.name() + " is taking in the claim's components",
                        now,
                        generation));
            } else if (theirs != null) {
                conditions.add(
                        new ConditionRecord(type, theirs.status(), theirs.reason(), theirs.message(), now, generation));
            } else {
                conditions.add(new ConditionRecord(
                        type,
                        type.equals(PoolReasons.RECONCILING) ? ConditionRecord.TRUE : ConditionRecord.FALSE,
                        PoolReasons.BOUND,
                        "environment " + env.name() + " has not reported it yet",
                        now,
                        generation));
            }
        }
        return conditions;
    }

    private static List<ConditionRecord> failed(String reason, String message, long generation, Instant now) {
        return List.of(
                new ConditionRecord(PoolReasons.READY, ConditionRecord.FALSE, reason, message, now, generation),
                new ConditionRecord(PoolReasons.FAILED, ConditionRecord.TRUE, reason, message, now, generation),
                new ConditionRecord(PoolReasons.RECONCILING, ConditionRecord.FALSE, reason, message, now, generation),
                new ConditionRecord(PoolReasons.STALLED, ConditionRecord.TRUE, reason, message, now, generation));
    }

    private static List<ConditionRecord> waiting(
            String reason, String message, boolean stalled, long generation, Instant now) {
        return List.of(
                new ConditionRecord(PoolReasons.READY, ConditionRecord.FALSE, reason, message, now, generation),
                new ConditionRecord(PoolReasons.FAILED, ConditionRecord.FALSE, reason, message, now, generation),
                new ConditionRecord(
                        PoolReasons.RECONCILING,
                        stalled ? ConditionRecord.FALSE : ConditionRecord.TRUE,
                        reason,
                        message,
                        now,
                        generation),
                new ConditionRecord(
                        PoolReasons.STALLED,
                        stalled ? ConditionRecord.TRUE : ConditionRecord.FALSE,
                        reason,
                        message,
                        now,
                        generation));
    }
}
