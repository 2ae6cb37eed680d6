package io.testenv.operator.planner.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.GateCondition;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.Transitions;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Reasons;
import io.testenv.operator.planner.state.Timings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spans of a concluded bring-up, table style: each row a bring-up (its components with their recorded times,
 * in seconds after the start) and the spans it becomes, written {@code name start..end [critical] [ERROR(...)]}.
 */
class BringUpSpansTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** A component of a row: its gates, phase and recorded times (null: not recorded). */
    record C(String name, List<Gate> gates, ComponentPhase phase, Double applied, Double ready, Double failed) {}

    static C ready(String name, double applied, double ready, Gate... gates) {
        return new C(name, List.of(gates), ComponentPhase.Ready, applied, ready, null);
    }

    static C failed(String name, double applied, double failed, Gate... gates) {
        return new C(name, List.of(gates), ComponentPhase.Failed, applied, null, failed);
    }

    static C progressing(String name, double applied, Gate... gates) {
        return new C(name, List.of(gates), ComponentPhase.Progressing, applied, null, null);
    }

    static C blocked(String name, Gate... gates) {
        return new C(name, List.of(gates), ComponentPhase.Blocked, null, null, null);
    }

    static Gate on(String component) {
        return new Gate(component, GateCondition.Ready);
    }

    static Gate onApplied(String component) {
        return new Gate(component, GateCondition.Applied);
    }

    static Stream<Arguments> bringUps() {
        return Stream.of(
                Arguments.of(
                        "a chain: the gate waits from a's readiness to b's apply, both on the critical path",
                        ready(25, ready("a", 0, 10), ready("b", 12, 25, on("a"))),
                        List.of(
                                "testenv.bringup ci/env 0.0..25.0",
                                "component a 0.0..10.0 critical",
                                "gate b 10.0..12.0 critical",
                                "component b 12.0..25.0 critical")),
                Arguments.of(
                        "a gate that opened where the dependent was applied is no wait",
                        ready(30, ready("a", 0, 10), ready("b", 0, 5), ready("c", 10, 30, on("a"))),
                        List.of(
                                "testenv.bringup ci/env 0.0..30.0",
                                "component a 0.0..10.0 critical",
                                "component b 0.0..5.0",
                                "component c 10.0..30.0 critical")),
                Arguments.of(
                        "an Applied gate opens at the dependency's apply",
                        ready(20, ready("a", 0, 20), ready("b", 3, 8, onApplied("a"))),
                        List.of(
                                "testenv.bringup ci/env 0.0..20.0",
                                "component a 0.0..20.0 critical",
                                "gate b 0.0..3.0",
                                "component b 3.0..8.0")),
                Arguments.of(
                        "a component without dependencies applied late (its turn) waited from the start",
                        ready(9.5, ready("a", 0, 4.25), ready("b", 4.25, 9.5)),
                        List.of(
                                "testenv.bringup ci/env 0.0..9.5",
                                "component a 0.0..4.25",
                                "gate b 0.0..4.25 critical",
                                "component b 4.25..9.5 critical")),
                Arguments.of(
                        "a failed component is an error until its failedAt; its blocked dependent has no span",
                        failedAt(
                                7,
                                Reasons.COMPONENT_FAILED,
                                "failed: a (Failed: Job a BackoffLimitExceeded)",
                                failed("a", 0, 7),
                                blocked("b", on("a"))),
                        List.of(
                                "testenv.bringup ci/env 0.0..7.0 ERROR(ComponentFailed: failed: a (Failed: Job a BackoffLimitExceeded))",
                                "component a 0.0..7.0 ERROR(JobFailed: Job a BackoffLimitExceeded)")),
                Arguments.of(
                        "a timed out bring-up: what was still in progress ends with it, as an error",
                        failedAt(
                                20,
                                Reasons.TIMED_OUT,
                                "not ready after 20s",
                                ready("a", 0, 4),
                                progressing("b", 4, on("a"))),
                        List.of(
                                "testenv.bringup ci/env 0.0..20.0 ERROR(TimedOut: not ready after 20s)",
                                "component a 0.0..4.0",
                                "component b 4.0..20.0 ERROR(Progressing: Deployment b Available: 0/1)")),
                Arguments.of(
                        "a component that failed while another still progressed: only the failed one is an error",
                        failedAt(6, Reasons.COMPONENT_FAILED, "failed: a", failed("a", 0, 6), progressing("b", 0)),
                        List.of(
                                "testenv.bringup ci/env 0.0..6.0 ERROR(ComponentFailed: failed: a)",
                                "component a 0.0..6.0 ERROR(JobFailed: Job a BackoffLimitExceeded)",
                                "component b 0.0..6.0")),
                Arguments.of(
                        "a bring-up still in progress has no spans",
                        plan(EnvironmentPhase.Progressing, null, List.of(), ready("a", 0, 3), progressing("b", 3)),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bringUps")
    void spansOfABringUp(String description, Row row, List<String> expected) {
        assertThat(BringUpSpans.of(row.model(), row.plan()).stream()
                        .map(BringUpSpansTest::describe)
                        .toList())
                .as(description)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theBringUpIsUnderTheTraceparentAndEverythingElseUnderTheBringUp() {
        Row row = ready(25, ready("a", 0, 10), ready("b", 12, 25, on("a")));

        List<SpanSpec> spans = BringUpSpans.of(row.model(), row.plan());

        assertThat(spans.get(0).key()).isEqualTo(BringUpSpans.ROOT);
        assertThat(spans.get(0).parent()).isEmpty();
        assertThat(spans.subList(1, spans.size()))
                .allSatisfy(span -> assertThat(span.parent()).contains(BringUpSpans.ROOT));
        assertThat(spans.stream().map(SpanSpec::key)).doesNotHaveDuplicates();
    }

    @Test
    void theBringUpCarriesTheCriticalPathAndWhatASequentialBringUpWouldHaveTaken() {
        Row row = ready(25, ready("a", 0, 10), ready("b", 12, 25, on("a")), ready("c", 0, 2));

        SpanSpec root = BringUpSpans.of(row.model(), row.plan()).get(0);

        assertThat(root.attributes())
                .containsEntry("testenv.environment", "env")
                .containsEntry("testenv.namespace", "ci")
                .containsEntry("testenv.phase", "Ready")
                .containsEntry("testenv.generation", 1L)
                .containsEntry("testenv.critical_path", List.of("a", "b"))
                .containsEntry("testenv.elapsed_seconds", 25.0)
                .containsEntry("testenv.sequential_seconds", 10.0 + 13.0 + 2.0)
                .containsEntry("testenv.critical_path_seconds", 10.0 + 13.0);
    }

    @Test
    void componentsAndGatesSayWhetherTheyAreOnTheCriticalPath() {
        Row row = ready(25, ready("a", 0, 10), ready("b", 12, 25, on("a")), ready("c", 0, 2));

        List<SpanSpec> spans = BringUpSpans.of(row.model(), row.plan());

        assertThat(span(spans, "component c").attributes())
                .containsEntry("testenv.critical_path", false)
                .containsEntry("testenv.component", "c")
                .containsEntry("testenv.phase", "Ready")
                .containsEntry("testenv.ready_seconds", 2.0);
        assertThat(span(spans, "component b").attributes()).containsEntry("testenv.critical_path", true);
        assertThat(span(spans, "gate b").attributes())
                .containsEntry("testenv.critical_path", true)
                .containsEntry("testenv.depends_on", List.of("a=Ready"))
                .containsEntry("testenv.blocked_seconds", 12.0);
    }

    @Test
    void timesAreTheStatusTimesToTheMillisecond() {
        Instant applied = T0.plusNanos(1_234_567_891L);
        Instant readyAt = T0.plusNanos(3_000_999_999L);
        Row row = new Row(
                model(new C("a", List.of(), ComponentPhase.Ready, null, null, null)),
                new Plan(
                        1,
                        EnvironmentPhase.Ready,
                        List.of(),
                        List.of(new ComponentState(
                                "a", ComponentPhase.Ready, "Ready", "", applied, readyAt, null, 1L, List.of())),
                        List.of(),
                        T0,
                        readyAt,
                        Optional.empty(),
                        Timings.of(
                                model(new C("a", List.of(), ComponentPhase.Ready, null, null, null)),
                                List.of(new ComponentState(
                                        "a", ComponentPhase.Ready, "Ready", "", applied, readyAt, null, 1L, List.of())),
                                T0,
                                readyAt)));

        SpanSpec component = span(BringUpSpans.of(row.model(), row.plan()), "component a");

        assertThat(component.start()).isEqualTo(Instant.parse("2026-11-23T10:00:01.234Z"));
        assertThat(component.end()).isEqualTo(Instant.parse("2026-11-23T10:00:03.000Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}: {4}")
    @CsvSource({
        "Progressing, Ready,       true,  false, true",
        "Progressing, Failed,      false, true,  true",
        "Pending,     Failed,      false, false, true",
        // a new generation Ready at its first reconcile: the phase stays, its readyAt is new
        "Ready,       Ready,       true,  false, true",
        "Ready,       Ready,       false, false, false",
        "Failed,      Failed,      false, false, false",
        // every component ready, an output not yet resolved: not concluded, whatever readyAt says
        "Progressing, Progressing, true,  false, false",
        "Ready,       Progressing, false, false, false",
    })
    void aBringUpIsConcludedOnceWhenItBecomesReadyOrFails(
            EnvironmentPhase before, EnvironmentPhase after, boolean becameReady, boolean failedNow, boolean expected) {
        Plan plan = plan(after, after == EnvironmentPhase.Ready ? at(3.0) : null, List.of(), ready("a", 0, 3))
                .plan();
        History history = new History(1L, before, T0, null, Map.of(), List.of());
        Transitions transitions = new Transitions(
                List.of(),
                Map.of(),
                becameReady ? Optional.of(Duration.ofSeconds(3)) : Optional.empty(),
                failedNow ? Optional.of(Reasons.COMPONENT_FAILED) : Optional.empty(),
                0,
                List.of());

        assertThat(BringUpSpans.concludedNow(history, plan, transitions)).isEqualTo(expected);
    }

    @Test
    void aLongFailureMessageIsCut() {
        String described = BringUpSpans.describe("ApplyRejected", "x".repeat(2000));

        assertThat(described).hasSize(BringUpSpans.MAX_DESCRIPTION).startsWith("ApplyRejected: xxx");
    }

    // --- rows

    record Row(EnvironmentModel model, Plan plan) {}

    static Row ready(double readyAt, C... components) {
        return plan(EnvironmentPhase.Ready, at(readyAt), List.of(), components);
    }

    static Row failedAt(double at, String reason, String message, C... components) {
        return plan(
                EnvironmentPhase.Failed,
                null,
                List.of(new ConditionRecord(ConditionTypes.FAILED, ConditionRecord.TRUE, reason, message, at(at), 1)),
                components);
    }

    static Row plan(EnvironmentPhase phase, Instant readyAt, List<ConditionRecord> conditions, C... components) {
        EnvironmentModel model = model(components);
        List<ComponentState> states = new ArrayList<>();
        for (C c : components) {
            String reason = switch (c.phase()) {
                case Failed -> "JobFailed";
                case Ready -> "Ready";
                default -> c.phase().name();
            };
            String message = switch (c.phase()) {
                case Failed -> "Job " + c.name() + " BackoffLimitExceeded";
                case Progressing -> "Deployment " + c.name() + " Available: 0/1";
                default -> "";
            };
            states.add(new ComponentState(
                    c.name(),
                    c.phase(),
                    reason,
                    message,
                    at(c.applied()),
                    at(c.ready()),
                    at(c.failed()),
                    1L,
                    List.of()));
        }
        return new Row(
                model,
                new Plan(
                        1,
                        phase,
                        List.of(),
                        states,
                        conditions,
                        T0,
                        readyAt,
                        Optional.empty(),
                        Timings.of(model, states, T0, readyAt)));
    }

    static EnvironmentModel model(C... components) {
        return new EnvironmentModel(
                "ci",
                "env",
                1,
                Strategy.Parallel,
                "10m",
                Stream.of(components)
                        .map(c -> new ComponentModel(c.name(), List.of(), c.gates(), List.of()))
                        .toList());
    }

    static Instant at(Double seconds) {
        return seconds == null ? null : T0.plus(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    static SpanSpec span(List<SpanSpec> spans, String name) {
        return spans.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static String describe(SpanSpec span) {
        String text = span.name() + " " + offset(span.start()) + ".." + offset(span.end())
                + (Boolean.TRUE.equals(span.attributes().get("testenv.critical_path")) ? " critical" : "");
        return span.error().map(e -> text + " ERROR(" + e + ")").orElse(text);
    }

    static double offset(Instant instant) {
        return Duration.between(T0, instant).toMillis() / 1000.0;
    }
}
