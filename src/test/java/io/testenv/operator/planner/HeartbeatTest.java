package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.planner.model.Cleanup;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.Reasons;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** spec.heartbeat: the Lease the planner asks for, and when the environment runs out of heartbeat. */
class HeartbeatTest {

    static EnvironmentModel withHeartbeat(Integer seconds, Integer ttlAfterReady) {
        return Specs.withCleanup(Specs.env("a"), new Cleanup(null, ttlAfterReady, null, seconds));
    }

    /**
     * name | heartbeat timeout | observed Lease (last beat after start, duration; null: none) | seconds after
     * start | write | runs out at (seconds after start; null: not yet known) | expired by
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no Lease yet: written, no clock", 30, null, null, 1, true, null, null),
                Arguments.of(
                        "Lease observed: nothing to write, runs out from its creation",
                        30,
                        0L,
                        30,
                        1,
                        false,
                        30L,
                        null),
                Arguments.of("renewed: runs out from the renewal", 30, 20L, 30, 25, false, 50L, null),
                Arguments.of("the timeout changed: written again", 60, 20L, 30, 25, true, 80L, null),
                Arguments.of(
                        "not renewed within the timeout: expired",
                        30,
                        20L,
                        30,
                        50,
                        false,
                        50L,
                        Expiry.Cause.HeartbeatExpired),
                Arguments.of(
                        "the spec dropped the heartbeat: the Lease is deleted", null, 20L, 30, 25, true, null, null),
                Arguments.of("no heartbeat, no Lease: nothing", null, null, null, 25, null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void heartbeat(
            String name,
            Integer timeout,
            Long lastBeat,
            Integer duration,
            long at,
            Boolean write,
            Long runsOutAt,
            Expiry.Cause expiredBy) {
        Cluster cluster = new Cluster(withHeartbeat(timeout, null));
        if (lastBeat != null) {
            cluster.lease(lastBeat, duration);
        }
        Plan plan = cluster.at(at).reconcile();
        Optional<Actions.HeartbeatLease> lease = plan.actions().heartbeat();
        if (write == null) {
            assertThat(lease).isEmpty();
        } else {
            assertThat(lease).hasValueSatisfying(l -> {
                assertThat(l.name()).isEqualTo("env");
                assertThat(l.timeoutSeconds()).isEqualTo(timeout);
                assertThat(l.write()).isEqualTo(write);
                assertThat(l.expiresAt())
                        .isEqualTo(Optional.ofNullable(runsOutAt).map(Cluster.T0::plusSeconds));
            });
        }
        assertThat(plan.actions().expiredBy()).isEqualTo(Optional.ofNullable(expiredBy));
        if (runsOutAt != null && expiredBy == null) {
            assertThat(plan.wakeAt()).contains(Cluster.T0.plusSeconds(runsOutAt));
        }
    }

    @Test
    void whicheverComesFirstWinsBetweenTheTimeToLiveAndTheHeartbeat() {
        Cluster ttlFirst = new Cluster(withHeartbeat(30, 10)).lease(0, 30);
        ttlFirst.reconcile();
        Plan ready = ttlFirst.at(5).ready("a").reconcile();
        assertThat(ready.wakeAt()).contains(Cluster.T0.plusSeconds(15));
        assertThat(ttlFirst.at(15).reconcile().actions().expiredBy()).contains(Expiry.Cause.Expired);

        Cluster beatFirst = new Cluster(withHeartbeat(30, 600)).lease(0, 30);
        beatFirst.reconcile();
        beatFirst.at(5).ready("a").reconcile();
        Plan expired = beatFirst.at(30).reconcile();
        assertThat(expired.actions().expiredBy()).contains(Expiry.Cause.HeartbeatExpired);
        Transitions.Event event = Transitions.expired(expired);
        assertThat(event.reason()).isEqualTo("HeartbeatExpired");
        assertThat(event.message())
                .isEqualTo("deleted: its heartbeat Lease env was not renewed within 30s (it ran out at "
                        + Instant.parse("2026-11-23T10:00:30Z") + ")");
    }

    @Test
    void theNamespaceGoesOnlyWhenTheHeartbeatRunsOutAndTheSpecAsks() {
        EnvironmentModel asks = Specs.withCleanup(Specs.env("a"), new Cleanup(null, 10, null, 30, true));
        Cluster ttl = new Cluster(asks).lease(0, 30);
        ttl.reconcile();
        ttl.at(5).ready("a").reconcile();
        Plan expired = ttl.at(15).reconcile();
        assertThat(expired.actions().expiredBy()).contains(Expiry.Cause.Expired);
        assertThat(expired.actions().deletesNamespace())
                .as("a time to live leaves it")
                .isFalse();

        Cluster beat = new Cluster(asks).lease(0, 30);
        assertThat(beat.reconcile().actions().deletesNamespace()).isFalse();
        assertThat(beat.at(9).reconcile().actions().deletesNamespace()).isFalse();
        EnvironmentModel longTtl = Specs.withCleanup(Specs.env("a"), new Cleanup(null, null, null, 30, true));
        assertThat(new Cluster(longTtl)
                        .lease(0, 30)
                        .at(30)
                        .reconcile()
                        .actions()
                        .deletesNamespace())
                .isTrue();
        EnvironmentModel without = Specs.withCleanup(Specs.env("a"), new Cleanup(null, null, null, 30, false));
        Plan plain = new Cluster(without).lease(0, 30).at(30).reconcile();
        assertThat(plain.actions().expiredBy()).contains(Expiry.Cause.HeartbeatExpired);
        assertThat(plain.actions().deletesNamespace()).isFalse();
    }

    @Test
    void aBeatRunsOutDuringTheBringUpToo() {
        Cluster cluster = new Cluster(withHeartbeat(10, null)).lease(0, 10);
        assertThat(cluster.reconcile().phase()).isNotEqualTo(io.testenv.operator.api.EnvironmentPhase.Ready);
        assertThat(cluster.at(10).reconcile().actions().expiredBy()).contains(Expiry.Cause.HeartbeatExpired);
    }

    @Test
    void nothingIsWrittenForAnEnvironmentWhoseIdentityCannotBeActedAs() {
        Planner planner = new Planner(
                io.testenv.operator.planner.readiness.ReadinessRules.standard(),
                new CelHealth(),
                PlannerPolicy.defaults());
        Plan plan = planner.plan(
                withHeartbeat(30, null),
                io.testenv.operator.planner.state.Observation.unresolvedIdentity("no such ServiceAccount"),
                io.testenv.operator.planner.state.History.none(),
                Cluster.T0);
        assertThat(plan.actions().heartbeat())
                .hasValueSatisfying(l -> assertThat(l.write()).isFalse());
    }

    @Test
    void aComponentMayNotDeclareTheHeartbeatLease() {
        EnvironmentModel env = Specs.withCleanup(
                Specs.withComponents(
                        Specs.env("a"),
                        List.of(new ComponentModel(
                                "a",
                                List.of(Specs.manifest("coordination.k8s.io/v1", "Lease", "env")),
                                List.of(),
                                List.of()))),
                new Cleanup(null, null, null, 30));
        Plan plan = new Cluster(env).reconcile();
        assertThat(plan.condition(ConditionTypes.FAILED)).hasValueSatisfying(failed -> {
            assertThat(failed.reason()).isEqualTo(Reasons.INVALID_SPEC);
            assertThat(failed.message()).contains("the Lease env is the environment's heartbeat");
        });
        assertThat(plan.actions().heartbeat())
                .hasValueSatisfying(l -> assertThat(l.write()).isFalse());
    }
}
