package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.testenv.operator.planner.Transitions.Severity;
import io.testenv.operator.planner.state.ConditionTypes;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Reasons;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What changed between the status written before and a plan: the Events and the metric deltas, computed once. */
class TransitionsTest {

    @Test
    void aNewEnvironmentReportsEachComponentsFirstStateButNotItsStartingConditions() {
        Cluster cluster = new Cluster(Specs.env("a; b: a"));
        Plan plan = cluster.reconcile();
        Transitions transitions =
                Transitions.between(History.none(), plan, Specs.env("a; b: a"), Set.of("a"), Map.of());
        assertThat(transitions.events())
                .extracting(Transitions.Event::severity, Transitions.Event::reason)
                .containsExactly(
                        tuple(Severity.Normal, Reasons.PROGRESSING), tuple(Severity.Normal, Reasons.WAITING_FOR_GATE));
        assertThat(transitions.events().get(1).message()).startsWith("component b: ");
        assertThat(transitions.events().get(1).log())
                .startsWith(ConditionTypes.component("b") + "=False " + Reasons.WAITING_FOR_GATE + ": ");
        assertThat(transitions.componentsReady()).isEmpty();
        assertThat(transitions.environmentReady()).isEmpty();
        assertThat(transitions.failed()).isEmpty();
    }

    @Test
    void readinessIsReportedAndMeasuredOnceWhenItHappens() {
        Cluster cluster = new Cluster(Specs.env("a"));
        cluster.reconcile();
        History before = cluster.last().asHistory();
        Plan ready = cluster.at(12).ready("a").reconcile();
        Transitions transitions = Transitions.between(before, ready, Specs.env("a"), Set.of(), Map.of());
        assertThat(transitions.events())
                .extracting(Transitions.Event::reason)
                .containsExactly(Reasons.ALL_COMPONENTS_READY, Reasons.READY);
        assertThat(transitions.componentsReady()).containsOnlyKeys("a");
        assertThat(transitions.environmentReady()).contains(Duration.ofSeconds(12));

        Plan again = cluster.at(20).reconcile();
        Transitions none = Transitions.between(ready.asHistory(), again, Specs.env("a"), Set.of(), Map.of());
        assertThat(none.events()).isEmpty();
        assertThat(none.componentsReady()).isEmpty();
        assertThat(none.environmentReady()).isEmpty();
    }

    @Test
    void aFailureIsAWarningAndCountedOnce() {
        Cluster cluster = new Cluster(Specs.withTimeout(Specs.env("a"), "30s"));
        cluster.reconcile();
        History before = cluster.last().asHistory();
        Plan failed = cluster.at(31).reconcile();
        Transitions transitions = Transitions.between(before, failed, Specs.env("a"), Set.of(), Map.of());
        assertThat(transitions.failed()).contains(Reasons.TIMED_OUT);
        assertThat(transitions.events())
                .filteredOn(e -> e.reason().equals(Reasons.TIMED_OUT))
                .extracting(Transitions.Event::severity)
                .containsOnly(Severity.Warning)
                .isNotEmpty();

        Plan still = cluster.at(40).reconcile();
        assertThat(Transitions.between(failed.asHistory(), still, Specs.env("a"), Set.of(), Map.of())
                        .failed())
                .isEmpty();
    }

    @Test
    void measuresTheGateLatencyOfTheComponentsAppliedNow() {
        Cluster cluster = new Cluster(Specs.env("a; b: a"));
        cluster.reconcile();
        History before = cluster.last().asHistory();
        Plan opened = cluster.at(9).ready("a").reconcile();
        assertThat(Transitions.between(before, opened, Specs.env("a; b: a"), Set.of("b"), Map.of())
                        .gateLatencies())
                .hasSize(1);
        assertThat(Transitions.between(before, opened, Specs.env("a; b: a"), Set.of(), Map.of())
                        .gateLatencies())
                .isEmpty();
    }

    @Test
    void namesTheEventsTheShellRecordsOutsideTheConditions() {
        Cluster cluster = new Cluster(Specs.env("a"));
        Plan plan = cluster.reconcile();
        assertThat(Transitions.corrected(plan, Set.of("a"))).singleElement().satisfies(e -> {
            assertThat(e.severity()).isEqualTo(Severity.Warning);
            assertThat(e.reason()).isEqualTo("DriftCorrected");
            assertThat(e.message()).startsWith("component a: ").endsWith("; applied again");
        });
        assertThat(Transitions.pruned(java.util.List.of(Specs.ref("Deployment", "old")))
                        .message())
                .isEqualTo("deleted what the spec no longer declares: Deployment old");
    }
}
