package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ObjectState;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ObjectEvaluation;
import io.testenv.operator.planner.state.Timings;
import io.testenv.operator.planner.state.Timings.EnvironmentTiming;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Timing in the status, from the recorded times of a bring-up stepped through with the test cluster. */
class TimingsTest {

    @Test
    void dataStorageTimingFromTheMeasuredTimes() {
        Cluster cluster = new Cluster(DataStorageScenarioTest.dataStorage());
        cluster.at(0).reconcile();
        cluster.at(15).ready("redis").reconcile();
        cluster.at(61)
                .object(DataStorageScenarioTest.POSTGRES, LiveObjects.ready(DataStorageScenarioTest.POSTGRES))
                .object(
                        DataStorageScenarioTest.POSTGRES_SERVICE,
                        LiveObjects.ready(DataStorageScenarioTest.POSTGRES_SERVICE))
                .reconcile();
        cluster.at(92)
                .object(DataStorageScenarioTest.MIGRATIONS, LiveObjects.ready(DataStorageScenarioTest.MIGRATIONS))
                .reconcile();

        EnvironmentTiming timing =
                cluster.at(123).ready("datastorage").reconcile().timing();

        assertThat(timing.startedAt()).isEqualTo(Cluster.T0);
        assertThat(timing.elapsed()).contains(Duration.ofSeconds(123));
        assertThat(timing.criticalPath()).containsExactly("postgres", "migrations", "datastorage");
        assertThat(timing.criticalPathDuration()).contains(Duration.ofSeconds(61 + 31 + 31));
        assertThat(timing.sequential()).contains(Duration.ofSeconds(61 + 15 + 31 + 31));
        assertThat(timing.component("migrations").ready()).contains(Duration.ofSeconds(31));
        assertThat(timing.component("migrations").blocked()).contains(Duration.ofSeconds(61));
        assertThat(timing.component("redis").blocked()).contains(Duration.ZERO);
        assertThat(timing.component("datastorage").blocked()).contains(Duration.ofSeconds(92));
    }

    @Test
    void environmentDurationsWaitUntilEveryComponentIsReady() {
        Cluster cluster = new Cluster(Specs.env("a; b: a"));
        cluster.reconcile();

        EnvironmentTiming timing = cluster.at(10).ready("a").reconcile().timing();

        assertThat(timing.component("a").ready()).contains(Duration.ofSeconds(10));
        assertThat(timing.component("b").ready()).isEmpty();
        assertThat(timing.component("b").blocked()).contains(Duration.ofSeconds(10));
        assertThat(timing.elapsed()).isEmpty();
        assertThat(timing.criticalPath()).isEmpty();
        assertThat(timing.sequential()).isEmpty();
    }

    @Test
    void timingSurvivesARestartBecauseItIsRecomputedFromRecordedTimesOnly() {
        Cluster cluster = new Cluster(Specs.env("a; b: a"));
        cluster.reconcile();
        cluster.at(10).ready("a").reconcile();
        EnvironmentTiming atReady = cluster.at(25).ready("b").reconcile().timing();

        EnvironmentTiming muchLater = cluster.at(5000).reconcile().timing();

        assertThat(muchLater).isEqualTo(atReady);
        assertThat(muchLater.elapsed()).contains(Duration.ofSeconds(25));
    }

    @Test
    void blockedComponentHasNoDurationsYet() {
        Plan plan = new Cluster(Specs.env("a; b: a")).planOnly();

        assertThat(plan.timing().component("b"))
                .isEqualTo(new Timings.ComponentTiming(Optional.empty(), Optional.empty()));
        assertThat(plan.timing().components()).containsOnlyKeys(List.of("a", "b"));
    }

    @Test
    void gateLatencyRunsFromTheLastGateOpeningToTheApply() {
        java.time.Instant t0 = Cluster.T0;
        var db = new ComponentState(
                "db",
                io.testenv.operator.api.ComponentPhase.Ready,
                "Ready",
                "",
                t0,
                t0.plusMillis(10_000),
                null,
                1L,
                List.of());
        var cache = new ComponentState(
                "cache",
                io.testenv.operator.api.ComponentPhase.Ready,
                "Ready",
                "",
                t0,
                t0.plusMillis(4_000),
                null,
                1L,
                List.of());
        var app = new ComponentState(
                "app",
                io.testenv.operator.api.ComponentPhase.Applying,
                "Applying",
                "",
                t0.plusMillis(10_007),
                null,
                null,
                1L,
                List.of());
        var model = Specs.env("db; cache; app: db, cache@Applied").components().get(2);

        assertThat(Timings.gateLatency(model, List.of(db, cache, app), Map.of()))
                .contains(Duration.ofMillis(7));
        assertThat(Timings.gateLatency(Specs.env("db").components().get(0), List.of(db), Map.of()))
                .isEmpty();
    }

    static final io.testenv.operator.planner.model.ObjectRef DB =
            new io.testenv.operator.planner.model.ObjectRef("apps/v1", "Deployment", "ns", "db");

    /** A Deployment whose status the controller last wrote at {@code statusAt} (null: never). */
    static Map<String, Object> deployment(java.time.Instant statusAt) {
        List<Map<String, Object>> fields = new java.util.ArrayList<>();
        fields.add(Map.of("manager", "testenv-operator", "operation", "Apply", "time", Cluster.T0.toString()));
        if (statusAt != null) {
            fields.add(Map.of(
                    "manager",
                    "kube-controller-manager",
                    "operation",
                    "Update",
                    "subresource",
                    "status",
                    "time",
                    statusAt.toString()));
        }
        return Map.of("metadata", Map.of("name", "db", "managedFields", fields));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> readyGates() {
        java.time.Instant t0 = Cluster.T0;
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        "a status write seconds before it was seen: the slow "
                                + "watch delivery counted, from the end of the recorded second",
                        t0,
                        t0.plusSeconds(8),
                        Duration.ofMillis(1_007)),
                org.junit.jupiter.params.provider.Arguments.of(
                        "a status write in the second before it was seen: no "
                                + "more than the operator's own reaction can be told",
                        t0,
                        t0.plusSeconds(9),
                        Duration.ofMillis(7)),
                org.junit.jupiter.params.provider.Arguments.of(
                        "no status write (ready once applied): from the " + "moment the operator saw it ready",
                        t0,
                        null,
                        Duration.ofMillis(7)),
                org.junit.jupiter.params.provider.Arguments.of(
                        "a status write after it was seen ready is not the " + "one that made it ready",
                        t0,
                        t0.plusSeconds(12),
                        Duration.ofMillis(7)),
                org.junit.jupiter.params.provider.Arguments.of(
                        "a status write before its apply is a previous " + "bring-up's",
                        t0,
                        t0.minusSeconds(100),
                        Duration.ofMillis(7)),
                org.junit.jupiter.params.provider.Arguments.of(
                        "a write in the second of the apply, its end after " + "the sighting: from the sighting",
                        t0.plusMillis(9_500),
                        t0.plusSeconds(9),
                        Duration.ofMillis(7)),
                org.junit.jupiter.params.provider.Arguments.of(
                        "applied late in a second, ready and seen seconds " + "later",
                        t0.plusMillis(7_900),
                        t0.plusSeconds(7),
                        Duration.ofMillis(2_007)));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("readyGates")
    void aReadyGateOpensWhenTheDependencysStatusWasRecorded(
            String name, java.time.Instant dbApplied, java.time.Instant statusAt, Duration latency) {
        java.time.Instant t0 = Cluster.T0;
        var db = new ComponentState(
                "db",
                io.testenv.operator.api.ComponentPhase.Ready,
                "Ready",
                "",
                dbApplied,
                t0.plusMillis(10_000),
                null,
                1L,
                List.of(new ObjectEvaluation(DB, ObjectState.Ready, "Ready", "")));
        var app = new ComponentState(
                "app",
                io.testenv.operator.api.ComponentPhase.Applying,
                "Applying",
                "",
                t0.plusMillis(10_007),
                null,
                null,
                1L,
                List.of());
        var model = Specs.env("db; app: db").components().get(1);

        assertThat(Timings.gateLatency(model, List.of(db, app), Map.of(DB, deployment(statusAt))))
                .contains(latency);
    }

    /**
     * The operator was down (or slow to hear of it) between the controller's status write that made a component
     * ready, 30 s after the start, and its own look at 95 s: the component and the environment were ready at 31 s
     * (the end of the recorded second), and the timeline shows the outage as the operator's, not the component's.
     */
    @Test
    void aComponentIsReadyWhenItsStatusWasRecordedNotWhenARecoveringOperatorSawIt() {
        Cluster cluster = new Cluster(Specs.env("a"));
        cluster.reconcile();
        var ref = Specs.deployment("a").ref();
        Map<String, Object> ready = new java.util.HashMap<>(LiveObjects.ready(ref));
        ready.put(
                "metadata",
                Map.of(
                        "name",
                        "a",
                        "managedFields",
                        List.of(Map.of(
                                "manager",
                                "kube-controller-manager",
                                "operation",
                                "Update",
                                "subresource",
                                "status",
                                "time",
                                Cluster.T0.plusSeconds(30).toString()))));

        Plan plan = cluster.at(95).object(ref, ready).reconcile();

        assertThat(plan.component("a").orElseThrow().readyAt()).isEqualTo(Cluster.T0.plusSeconds(31));
        assertThat(plan.readyAt()).isEqualTo(Cluster.T0.plusSeconds(31));
    }
}
