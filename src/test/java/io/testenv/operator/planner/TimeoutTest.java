package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static io.testenv.operator.planner.Specs.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.state.ApplyError;
import io.testenv.operator.planner.state.Reasons;
import org.junit.jupiter.api.Test;

class TimeoutTest {

    static EnvironmentModel twoMinutes(String notation) {
        return Specs.withTimeout(env(notation), "2m");
    }

    @Test
    void wakesUpAtTheDeadlineWhileNotReady() {
        Plan plan = new Cluster(twoMinutes("a; b: a")).reconcile();

        assertThat(plan.startedAt()).isEqualTo(Cluster.T0);
        assertThat(plan.wakeAt()).contains(Cluster.T0.plusSeconds(120));
    }

    @Test
    void deadlineFailsTheEnvironmentNamingWhatIsNotReady() {
        Cluster cluster = new Cluster(twoMinutes("a; b: a; c"));
        cluster.reconcile();
        cluster.at(30).ready("c").reconcile();

        Plan plan = cluster.at(120).reconcile();

        assertThatPlan(plan)
                .appliesNothing()
                .hasPhase(EnvironmentPhase.Failed)
                .hasCondition("Ready", "False", Reasons.TIMED_OUT)
                .hasCondition("Failed", "True", Reasons.TIMED_OUT)
                .conditionMessageContains(
                        "Failed",
                        "not ready after 2m",
                        "a (Progressing: Deployment a",
                        "b (Blocked: waiting for gate a=Ready)");
        assertThat(plan.condition("Failed").orElseThrow().message()).doesNotContain("c (");
        assertThat(plan.wakeAt()).isEmpty();
    }

    @Test
    void nothingIsAppliedAfterTheDeadline() {
        Cluster cluster = new Cluster(twoMinutes("a; b: a"));
        cluster.reconcile();

        Plan plan = cluster.at(121).ready("a").reconcile();

        assertThatPlan(plan).appliesNothing().component("b", ComponentPhase.Blocked, Reasons.TIMED_OUT, "timed out");
    }

    @Test
    void timedOutEnvironmentStaysFailedWhenEverythingBecomesReadyLater() {
        Cluster cluster = new Cluster(twoMinutes("a"));
        cluster.reconcile();
        cluster.at(120).reconcile();

        Plan plan = cluster.at(180).ready("a").reconcile();

        assertThatPlan(plan).hasPhase(EnvironmentPhase.Failed).hasCondition("Failed", "True", Reasons.TIMED_OUT);
        assertThat(plan.readyAt()).isNull();
    }

    @Test
    void environmentReadyBeforeTheDeadlineStaysReadyAfterIt() {
        Cluster cluster = new Cluster(twoMinutes("a"));
        cluster.reconcile();
        cluster.at(60).ready("a").reconcile();

        Plan plan = cluster.at(600).reconcile();

        assertThatPlan(plan).isReady();
        assertThat(plan.readyAt()).isEqualTo(Cluster.T0.plusSeconds(60));
        assertThat(plan.wakeAt()).isEmpty();
    }

    @Test
    void newGenerationStartsANewDeadline() {
        Cluster cluster = new Cluster(twoMinutes("a"));
        cluster.reconcile();
        cluster.at(130).reconcile();

        Plan plan =
                cluster.at(140).spec(Specs.withGeneration(twoMinutes("a"), 2)).reconcile();

        assertThatPlan(plan).hasPhase(EnvironmentPhase.Progressing).applies("a");
        assertThat(plan.startedAt()).isEqualTo(Cluster.T0.plusSeconds(140));
        assertThat(plan.wakeAt()).contains(Cluster.T0.plusSeconds(260));
    }

    @Test
    void aTimedOutFailureKeepsWhatItWaitedOnWhenThatBecomesReadyLater() {
        Cluster cluster = new Cluster(twoMinutes("a"));
        cluster.reconcile();
        String atTheDeadline =
                cluster.at(120).reconcile().condition("Failed").orElseThrow().message();

        Plan plan = cluster.at(180).ready("a").reconcile();

        assertThat(atTheDeadline).contains("not ready after 2m: a (Progressing: Deployment a");
        assertThatPlan(plan).hasCondition("Failed", "True", Reasons.TIMED_OUT);
        assertThat(plan.condition("Failed").orElseThrow().message()).isEqualTo(atTheDeadline);
        assertThat(plan.condition("Ready").orElseThrow().message()).isEqualTo(atTheDeadline);
    }

    @Test
    void aTransientApplyErrorIsStillTheCauseWhenTheDeadlinePasses() {
        Cluster cluster = new Cluster(twoMinutes("a"));
        Plan retrying = cluster.rejectNextApply(
                        Specs.deployment("a").ref(),
                        ApplyError.retrying("403 configmaps \"a\" is forbidden: exceeded quota"))
                .reconcile();

        Plan plan = cluster.at(120).reconcile();

        assertThatPlan(retrying)
                .hasPhase(EnvironmentPhase.Progressing)
                .component("a", ComponentPhase.Applying, Reasons.RETRYING, "retrying: 403");
        assertThatPlan(plan)
                .hasCondition("Failed", "True", Reasons.TIMED_OUT)
                .conditionMessageContains("Failed", "not ready after 2m: a (", "retrying: 403", "exceeded quota");
    }
}
