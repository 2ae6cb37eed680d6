package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static io.testenv.operator.planner.Specs.env;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.planner.state.Reasons;
import org.junit.jupiter.api.Test;

class GateTest {

    @Test
    void readyGateWaitsUntilTheDependencyIsReady() {
        Cluster cluster = new Cluster(env("redis; app: redis"));

        assertThatPlan(cluster.reconcile())
                .applies("redis")
                .component("app", ComponentPhase.Blocked, Reasons.WAITING_FOR_GATE, "waiting for gate redis=Ready")
                .hasCondition("component.testenv.io/app", "False", Reasons.WAITING_FOR_GATE);
        assertThatPlan(cluster.reconcile()).appliesNothing().blocks("app");
        assertThatPlan(cluster.ready("redis").reconcile()).applies("app");
    }

    @Test
    void appliedGateOpensAsSoonAsTheDependencyExistsInTheSameReconcile() {
        Plan plan = new Cluster(env("redis; app: redis@Applied")).reconcile();

        assertThatPlan(plan).applies("redis", "app").inPhase(ComponentPhase.Progressing, "redis", "app");
    }

    @Test
    void appliedGateWaitsWhileTheDependencyIsNotObserved() {
        Cluster cluster = new Cluster(env("redis; app: redis@Applied"));

        Plan firstPass = cluster.planOnly();

        assertThatPlan(firstPass)
                .applies("redis")
                .component("app", ComponentPhase.Blocked, Reasons.WAITING_FOR_GATE, "redis=Applied");
    }

    @Test
    void gateNamesEveryClosedDependency() {
        Plan plan = new Cluster(env("a; b; c: a, b@Applied")).planOnly();

        assertThatPlan(plan)
                .component(
                        "c", ComponentPhase.Blocked, Reasons.WAITING_FOR_GATE, "waiting for gate a=Ready, b=Applied");
    }

    @Test
    void appliedComponentStaysAppliedWhenItsDependencyLaterBecomesUnready() {
        Cluster cluster = new Cluster(env("db; app: db"));
        cluster.reconcile();
        cluster.ready("db").reconcile();
        cluster.object(Specs.ref("Deployment", "db"), LiveObjects.created(Specs.ref("Deployment", "db")));

        assertThatPlan(cluster.reconcile()).appliesNothing().inPhase(ComponentPhase.Progressing, "db", "app");
    }

    @Test
    void twentyIndependentComponentsAreAllAppliedInOnePass() {
        String notation = String.join(
                "; ",
                java.util.stream.IntStream.rangeClosed(1, 20)
                        .mapToObj(i -> "c" + i)
                        .toList());

        Plan plan = new Cluster(env(notation)).planOnly();

        assertThatPlan(plan)
                .applies(java.util.stream.IntStream.rangeClosed(1, 20)
                        .mapToObj(i -> "c" + i)
                        .toArray(String[]::new));
    }
}
