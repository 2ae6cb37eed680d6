package io.testenv.operator.reconciler.pool;

import io.testenv.operator.planner.pool.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a pool did that its informer has not shown yet: environments created, deleted and bound. A reconcile that
 * follows its own writes before their watch events arrive counts them anyway, so it never creates twice or binds
 * one environment to two claims. Each expectation is dropped once the cache shows it, or after {@link #PATIENCE}.
 */
final class Expectations {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private record Expected(Member member, Instant at) {}

    private final Map<String, Map<String, Expected>> byPool = new ConcurrentHashMap<>();

    void expect(String pool, Member member, Instant now) {
        byPool.computeIfAbsent(pool, p -> new ConcurrentHashMap<>()).put(member.name(), new Expected(member, now));
    }

    /** The observed members, with what this pool did since overriding or adding to them. */
    List<Member> over(String pool, List<Member> observed, Instant now) {
        Map<String, Expected> expected = byPool.getOrDefault(pool, Map.of());
        List<Member> members = new ArrayList<>();
        for (Member member : observed) {
            Expected mine = expected.get(member.name());
            if (mine == null
                    || shown(mine.member(), member)
                    || mine.at().plus(PATIENCE).isBefore(now)) {
                expected.remove(member.name());
                members.add(member);
            } else {
                members.add(mine.member());
            }
        }
        expected.values()
                .removeIf(e -> e.at().plus(PATIENCE).isBefore(now)
                        || observed.stream()
                                        .noneMatch(
                                                m -> m.name().equals(e.member().name()))
                                && e.member().state() == Member.State.Deleting);
        expected.values().stream()
                .filter(e -> observed.stream()
                        .noneMatch(m -> m.name().equals(e.member().name())))
                .forEach(e -> members.add(e.member()));
        return members;
    }

    private static boolean shown(Member expected, Member observed) {
        return switch (expected.state()) {
            case Deleting -> observed.state() == Member.State.Deleting;
            default -> expected.claimed() ? observed.claimed() : true;
        };
    }
}
