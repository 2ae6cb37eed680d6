package io.testenv.operator.planner.pool;

import io.testenv.operator.planner.pool.Member.State;
import io.testenv.operator.planner.pool.PoolPlan.Binding;
import io.testenv.operator.planner.pool.PoolPlan.Deletion;
import io.testenv.operator.planner.state.ConditionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pool's decisions, as a function of what it asks for, its environments, its claims, its back-off and the time:
 * <ul>
 * <li>failed unclaimed environments and unclaimed ones of an older template are deleted (a claimed one stays with
 * its claim, which reports it);</li>
 * <li>waiting claims, first come first served, get the oldest Ready unclaimed environments of the template;</li>
 * <li>enough are created to keep {@code size} unclaimed plus one per waiting claim, never more than
 * {@code maxSize} with the claimed ones; surplus unclaimed ones are deleted, those still bringing up first;</li>
 * <li>each failure of the template doubles the wait before the next creation, and while the template fails only one
 * environment is brought up at a time: a broken template never loops creating and failing environments.</li>
 * </ul>
 */
public final class PoolPlanner {

    private PoolPlanner() {}

    private static final Comparator<Member> OLDEST_FIRST =
            Comparator.comparing(Member::created).thenComparing(Member::name);

    public static PoolPlan plan(
            PoolModel pool, List<Member> members, List<Claim> claims, BackOff before, Instant now, long generation) {
        List<Member> live =
                members.stream().filter(m -> m.state() != State.Deleting).toList();
        List<Deletion> delete = new ArrayList<>();
        List<Member> failed = live.stream()
                .filter(m -> !m.claimed() && m.state() == State.Failed)
                .sorted(OLDEST_FIRST)
                .toList();
        failed.forEach(m -> delete.add(new Deletion(m.name(), PoolReasons.FAILED_ENVIRONMENT)));
        live.stream()
                .filter(m -> !m.claimed() && m.state() != State.Failed)
                .filter(m -> !m.templateHash().equals(pool.templateHash()))
                .forEach(m -> delete.add(new Deletion(m.name(), PoolReasons.OLD_TEMPLATE)));

        List<Member> current = live.stream()
                .filter(m -> !m.claimed() && m.templateHash().equals(pool.templateHash()))
                .toList();
        List<Member> free = current.stream()
                .filter(m -> m.state() == State.Ready)
                .sorted(OLDEST_FIRST)
                .toList();
        List<Member> bringingUp = current.stream()
                .filter(m -> m.state() == State.BringingUp)
                .sorted(OLDEST_FIRST)
                .toList();
        int newFailures = (int) failed.stream()
                .filter(m -> m.templateHash().equals(pool.templateHash()))
                .count();
        BackOff backOff = newFailures > 0 ? before.after(newFailures, now) : free.isEmpty() ? before : BackOff.NONE;

        // a claim whose environment is being deleted (expired, heartbeat lapsed) was served: it is never served again
        Set<String> bound =
                members.stream().filter(Member::claimed).map(Member::claim).collect(Collectors.toSet());
        List<Claim> waiting = claims.stream()
                .filter(c -> !c.deleting()
                        && !c.boundBefore()
                        && !bound.contains(c.name())
                        && pool.clashes(c).isEmpty())
                .sorted(Claim.FIRST_COME)
                .toList();
        List<Binding> bindings = new ArrayList<>();
        for (int i = 0; i < Math.min(free.size(), waiting.size()); i++) {
            bindings.add(new Binding(waiting.get(i).name(), free.get(i).name()));
        }
        int ready = free.size() - bindings.size();
        int claimed = (int) live.stream().filter(Member::claimed).count() + bindings.size();
        int stillWaiting = waiting.size() - bindings.size();

        int wanted = pool.size() + stillWaiting;
        if (pool.maxSize() != null) {
            wanted = Math.max(0, Math.min(wanted, pool.maxSize() - claimed));
        }
        int create = Math.max(0, wanted - ready - bringingUp.size());
        int surplus = ready + bringingUp.size() - wanted;
        List<Member> newestBringingUp = new ArrayList<>(bringingUp);
        java.util.Collections.reverse(newestBringingUp);
        List<Member> newestFree = new ArrayList<>(free.subList(bindings.size(), free.size()));
        java.util.Collections.reverse(newestFree);
        List<Member> unbound = new ArrayList<>(newestBringingUp);
        unbound.addAll(newestFree);
        for (int i = 0; i < surplus && i < unbound.size(); i++) {
            delete.add(new Deletion(unbound.get(i).name(), PoolReasons.SCALED_DOWN));
        }
        int stillBringingUp = Math.min(bringingUp.size(), Math.max(0, wanted - ready));
        int stillReady = Math.min(ready, wanted);

        Optional<Instant> wakeAt = Optional.empty();
        if (backOff.stalled() && create > 0) {
            if (backOff.waiting(now)) {
                create = 0;
                wakeAt = Optional.of(backOff.retryAt());
            } else {
                create = bringingUp.isEmpty() ? 1 : 0;
            }
        }
        List<ConditionRecord> conditions = List.of(
                ready(pool, stillReady, stillBringingUp + create, backOff, generation, now),
                stalled(backOff, generation, now));
        return new PoolPlan(
                create, delete, bindings, stillReady, stillBringingUp + create, claimed, backOff, conditions, wakeAt);
    }

    /**
     * The plan after the API server refused to create an environment of the template (invalid as a TestEnvironment):
     * a failure like any other, so the pool backs off and says why instead of trying again at once.
     */
    public static PoolPlan refused(PoolPlan plan, String why, Instant now) {
        BackOff backOff = plan.backOff().after(1, now);
        List<ConditionRecord> conditions = plan.conditions().stream()
                .map(c -> c.type().equals(PoolReasons.STALLED)
                        ? new ConditionRecord(
                                c.type(),
                                ConditionRecord.TRUE,
                                PoolReasons.TEMPLATE_REFUSED,
                                why,
                                now,
                                c.observedGeneration())
                        : c)
                .toList();
        return new PoolPlan(
                plan.create(),
                plan.delete(),
                plan.bindings(),
                plan.ready(),
                plan.bringingUp(),
                plan.claimed(),
                backOff,
                conditions,
                Optional.of(backOff.retryAt()));
    }

    private static ConditionRecord ready(
            PoolModel pool, int ready, int bringingUp, BackOff backOff, long generation, Instant now) {
        if (ready >= pool.size()) {
            return new ConditionRecord(
                    PoolReasons.READY,
                    ConditionRecord.TRUE,
                    PoolReasons.SIZE_REACHED,
                    ready + "/" + pool.size() + " Ready and unclaimed",
                    now,
                    generation);
        }
        return new ConditionRecord(
                PoolReasons.READY,
                ConditionRecord.FALSE,
                backOff.stalled() ? PoolReasons.TEMPLATE_FAILS : PoolReasons.BRINGING_UP,
                ready + "/" + pool.size() + " Ready and unclaimed, " + bringingUp + " bringing up",
                now,
                generation);
    }

    private static ConditionRecord stalled(BackOff backOff, long generation, Instant now) {
        if (!backOff.stalled()) {
            return new ConditionRecord(
                    PoolReasons.STALLED,
                    ConditionRecord.FALSE,
                    PoolReasons.TEMPLATE_WORKS,
                    "no environment of the template failed",
                    now,
                    generation);
        }
        return new ConditionRecord(
                PoolReasons.STALLED,
                ConditionRecord.TRUE,
                PoolReasons.TEMPLATE_FAILS,
                backOff.failures() + " environments of the template failed in a row; one is brought up at a time, "
                        + "after a wait that doubles with each failure (status.retryAt)",
                now,
                generation);
    }
}
