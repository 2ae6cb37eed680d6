package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static io.testenv.operator.planner.Specs.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.Reasons;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    @Test
    void everyComponentHasAGateConditionAndEveryConditionTheGeneration() {
        Plan plan = new Cluster(Specs.withGeneration(env("a; b: a"), 7)).reconcile();

        assertThat(plan.conditions())
                .extracting(ConditionRecord::type)
                .containsExactly(
                        "Ready",
                        "Failed",
                        "Reconciling",
                        "Stalled",
                        "component.testenv.io/a",
                        "component.testenv.io/b");
        assertThat(plan.conditions())
                .allSatisfy(c -> assertThat(c.observedGeneration()).isEqualTo(7));
    }

    @Test
    void waitingMessageCountsReadyComponentsAndNamesTheOthers() {
        Cluster cluster = new Cluster(env("a; b; c: a"));
        cluster.reconcile();

        Plan plan = cluster.ready("a").reconcile();

        assertThatPlan(plan)
                .hasPhase(EnvironmentPhase.Progressing)
                .hasCondition("Ready", "False", Reasons.WAITING_FOR_COMPONENTS)
                .conditionMessageContains(
                        "Ready", "1/3 ready; waiting for b (Progressing: Deployment b", "c (Progressing: Deployment c");
        assertThat(plan.readySummary()).isEqualTo("1/3");
    }

    @Test
    void transitionTimeChangesOnlyWhenTheStatusFlips() {
        Cluster cluster = new Cluster(env("a; b: a"));
        cluster.reconcile();
        cluster.at(10).reconcile();
        Plan afterReasonChange = cluster.at(20).ready("a").reconcile();

        ConditionRecord gateB =
                afterReasonChange.condition("component.testenv.io/b").orElseThrow();
        assertThat(gateB.reason()).isEqualTo(Reasons.PROGRESSING);
        assertThat(gateB.lastTransitionTime())
                .as("b stayed False from Blocked to Progressing")
                .isEqualTo(Cluster.T0);
        ConditionRecord gateA =
                afterReasonChange.condition("component.testenv.io/a").orElseThrow();
        assertThat(gateA.lastTransitionTime()).as("a flipped to True").isEqualTo(Cluster.T0.plusSeconds(20));

        Plan ready = cluster.at(30).ready("b").reconcile();
        assertThat(ready.condition("Ready").orElseThrow().lastTransitionTime()).isEqualTo(Cluster.T0.plusSeconds(30));
        assertThat(ready.condition("Failed").orElseThrow().lastTransitionTime()).isEqualTo(Cluster.T0);
    }

    @Test
    void samePassTwiceGivesTheSamePlan() {
        Cluster cluster = new Cluster(env("a; b: a"));
        cluster.reconcile();

        assertThat(cluster.at(5).planOnly()).isEqualTo(cluster.at(5).planOnly());
    }

    @Test
    void firstPassAppliesTheRootsAndIsProgressing() {
        Plan plan = new Cluster(env("a: b; b: c; c")).planOnly();

        assertThatPlan(plan).applies("c");
        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Progressing);
    }

    @Test
    void reconcilingWhileNeitherReadyNorFailedWithReadysReasonAndMessage() {
        Cluster cluster = new Cluster(env("a; b: a"));
        Plan plan = cluster.reconcile();

        ConditionRecord ready = plan.condition("Ready").orElseThrow();
        assertThatPlan(plan)
                .hasCondition("Reconciling", "True", ready.reason())
                .hasCondition("Stalled", "False", Reasons.NO_FAILURE);
        assertThat(plan.condition("Reconciling").orElseThrow().message()).isEqualTo(ready.message());

        Plan done = cluster.at(10).ready("a").reconcile();
        done = cluster.at(20).ready("b").reconcile();
        assertThatPlan(done)
                .hasCondition("Ready", "True", Reasons.ALL_COMPONENTS_READY)
                .hasCondition("Reconciling", "False", Reasons.ALL_COMPONENTS_READY)
                .hasCondition("Stalled", "False", Reasons.NO_FAILURE);
    }

    @Test
    void stalledAsFailedIsWithItsReasonAndMessage() {
        Cluster timedOut = new Cluster(Specs.withTimeout(env("a"), "30s"));
        timedOut.reconcile();
        Plan failed = timedOut.at(31).reconcile();
        ConditionRecord failure = failed.condition("Failed").orElseThrow();
        assertThatPlan(failed)
                .hasCondition("Stalled", "True", Reasons.TIMED_OUT)
                .hasCondition("Reconciling", "False", Reasons.TIMED_OUT);
        assertThat(failed.condition("Stalled").orElseThrow().message()).isEqualTo(failure.message());

        Plan invalid = new Cluster(Specs.withTimeout(env("a"), "soon")).reconcile();
        assertThatPlan(invalid)
                .hasCondition("Stalled", "True", Reasons.INVALID_SPEC)
                .hasCondition("Reconciling", "False", Reasons.INVALID_SPEC);
    }

    @Test
    void aFirstStatusWrittenOnAnApiErrorIsReconciling() {
        Plan retrying = new io.testenv.operator.planner.Planner(
                        io.testenv.operator.planner.readiness.ReadinessRules.standard(),
                        new io.testenv.operator.planner.readiness.CelHealth(),
                        io.testenv.operator.planner.model.PlannerPolicy.defaults())
                .retrying(env("a"), "retrying: API error (503)", Cluster.T0);
        assertThatPlan(retrying)
                .hasCondition("Reconciling", "True", Reasons.RETRYING)
                .hasCondition("Stalled", "False", Reasons.NO_FAILURE);
    }
}
