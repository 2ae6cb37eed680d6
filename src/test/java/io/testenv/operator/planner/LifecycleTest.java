package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static io.testenv.operator.planner.Specs.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ObjectEvaluation;
import io.testenv.operator.planner.state.Reasons;
import org.junit.jupiter.api.Test;

/** What the planner keeps and redoes across passes: recorded times, re-creation, new generations. */
class LifecycleTest {

    @Test
    void deletedObjectIsAppliedAgain() {
        Cluster cluster = new Cluster(env("a"));
        cluster.reconcile();
        cluster.at(10).ready("a").reconcile();

        cluster.delete(Specs.ref("Deployment", "a"));
        Plan plan = cluster.at(20).reconcile();

        assertThatPlan(plan).applies("a").inPhase(ComponentPhase.Progressing, "a");
        assertThat(cluster.exists(Specs.ref("Deployment", "a"))).isTrue();
        assertThat(plan.component("a").orElseThrow().appliedAt()).isEqualTo(Cluster.T0);
    }

    @Test
    void appliedComponentIsNotAppliedAgainWhileItsObjectsExist() {
        Cluster cluster = new Cluster(env("a; b"));
        cluster.reconcile();

        assertThatPlan(cluster.at(1).reconcile()).appliesNothing();
        assertThatPlan(cluster.at(2).ready("a").reconcile()).appliesNothing();
    }

    @Test
    void recordedTimesAreKeptNotRecomputed() {
        Cluster cluster = new Cluster(env("a; b: a"));
        cluster.reconcile();
        cluster.at(40).ready("a").reconcile();
        cluster.at(70).ready("b").reconcile();

        Plan later = cluster.at(500).reconcile();

        ComponentState a = later.component("a").orElseThrow();
        ComponentState b = later.component("b").orElseThrow();
        assertThat(a.appliedAt()).isEqualTo(Cluster.T0);
        assertThat(a.readyAt()).isEqualTo(Cluster.T0.plusSeconds(40));
        assertThat(b.appliedAt()).isEqualTo(Cluster.T0.plusSeconds(40));
        assertThat(b.readyAt()).isEqualTo(Cluster.T0.plusSeconds(70));
        assertThat(later.readyAt()).isEqualTo(Cluster.T0.plusSeconds(70));
        assertThat(later.startedAt()).isEqualTo(Cluster.T0);
    }

    @Test
    void newGenerationAppliesEveryOpenComponentAgain() {
        Cluster cluster = new Cluster(env("a; b: a"));
        cluster.reconcile();
        cluster.at(10).ready("a").reconcile();
        cluster.at(20).ready("b").reconcile();

        Plan plan = cluster.at(30).spec(Specs.withGeneration(env("a; b: a"), 2)).reconcile();

        assertThatPlan(plan).applies("a", "b").isReady();
        assertThat(plan.component("b").orElseThrow().appliedGeneration()).isEqualTo(2L);
        assertThat(plan.component("b").orElseThrow().appliedAt()).isEqualTo(Cluster.T0.plusSeconds(30));
    }

    @Test
    void aNewGenerationIsTimedAsANewBringUp() {
        Cluster cluster = new Cluster(env("a; b: a"));
        cluster.reconcile();
        cluster.at(10).ready("a").reconcile();
        cluster.at(20).ready("b").reconcile();

        // The edit changes a: its Deployment is in progress again, so b waits at its gate.
        Plan edited = cluster.at(100)
                .spec(Specs.withGeneration(env("a; b: a"), 2))
                .object(Specs.ref("Deployment", "a"), LiveObjects.created(Specs.ref("Deployment", "a")))
                .reconcile();

        assertThatPlan(edited).hasCondition("Ready", "False", Reasons.WAITING_FOR_COMPONENTS);
        assertThat(edited.startedAt()).isEqualTo(Cluster.T0.plusSeconds(100));
        assertThat(edited.component("b").orElseThrow().readyAt())
                .as("b's readyAt of generation 1")
                .isNull();
        assertThat(edited.readyAt()).isNull();

        Plan ready = cluster.at(130).ready("a").reconcile();

        assertThat(ready.readyAt()).isEqualTo(Cluster.T0.plusSeconds(130));
        assertThat(ready.timing().elapsed()).contains(java.time.Duration.ofSeconds(30));
        assertThat(ready.component("b").orElseThrow().appliedAt()).isEqualTo(Cluster.T0.plusSeconds(130));
    }

    @Test
    void objectsAreReportedOneByOne() {
        Plan plan = new Cluster(env("a")).reconcile();

        ObjectEvaluation object = plan.component("a").orElseThrow().objects().get(0);
        assertThat(object.ref()).isEqualTo(Specs.ref("Deployment", "a"));
        assertThat(object.state()).isEqualTo(io.testenv.operator.api.ObjectState.InProgress);
    }
}
