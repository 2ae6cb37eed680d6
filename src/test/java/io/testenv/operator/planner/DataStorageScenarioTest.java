package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.GateCondition;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.Reasons;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DataStorage environment of the use cases (postgres ∥ redis → migrations → datastorage) stepping through
 * time with the durations its team measured: PostgreSQL 60 s, Redis 15 s, migrations 30 s, DataStorage 30 s.
 */
class DataStorageScenarioTest {

    static final ObjectRef POSTGRES = new ObjectRef("apps/v1", "StatefulSet", Specs.NAMESPACE, "postgres");
    static final ObjectRef POSTGRES_SERVICE = new ObjectRef("v1", "Service", Specs.NAMESPACE, "postgres");
    static final ObjectRef MIGRATIONS = Specs.ref("Job", "migrations");

    static EnvironmentModel dataStorage() {
        return new EnvironmentModel(
                Specs.NAMESPACE,
                "datastorage-e2e",
                1,
                Strategy.Parallel,
                "10m",
                List.of(
                        new ComponentModel(
                                "postgres",
                                List.of(
                                        Specs.manifest("apps/v1", "StatefulSet", "postgres"),
                                        Specs.manifest("v1", "Service", "postgres")),
                                List.of(),
                                List.of()),
                        new ComponentModel("redis", List.of(Specs.deployment("redis")), List.of(), List.of()),
                        new ComponentModel(
                                "migrations",
                                List.of(Specs.manifest("batch/v1", "Job", "migrations")),
                                List.of(new Gate("postgres", GateCondition.Ready)),
                                List.of()),
                        new ComponentModel(
                                "datastorage",
                                List.of(Specs.deployment("datastorage")),
                                List.of(
                                        new Gate("migrations", GateCondition.Ready),
                                        new Gate("redis", GateCondition.Ready)),
                                List.of())));
    }

    @Test
    void bringsUpTheDataStorageGraphAsItsGatesOpen() {
        Cluster cluster = new Cluster(dataStorage());

        assertThatPlan(cluster.at(0).reconcile())
                .applies("postgres", "redis")
                .blocks("migrations", "datastorage")
                .component(
                        "datastorage",
                        ComponentPhase.Blocked,
                        Reasons.WAITING_FOR_GATE,
                        "waiting for gate migrations=Ready, redis=Ready");

        assertThatPlan(cluster.at(15).ready("redis").reconcile())
                .appliesNothing()
                .inPhase(ComponentPhase.Ready, "redis")
                .component(
                        "datastorage",
                        ComponentPhase.Blocked,
                        Reasons.WAITING_FOR_GATE,
                        "waiting for gate migrations=Ready");

        cluster.at(60)
                .object(POSTGRES, LiveObjects.ready(POSTGRES))
                .object(POSTGRES_SERVICE, LiveObjects.ready(POSTGRES_SERVICE));
        assertThatPlan(cluster.reconcile()).applies("migrations").blocks("datastorage");

        cluster.at(75).object(MIGRATIONS, LiveObjects.runningJob(MIGRATIONS));
        assertThatPlan(cluster.reconcile())
                .appliesNothing()
                .component("migrations", ComponentPhase.Progressing, Reasons.PROGRESSING, "Job migrations");

        cluster.at(90).object(MIGRATIONS, LiveObjects.ready(MIGRATIONS));
        assertThatPlan(cluster.reconcile())
                .applies("datastorage")
                .hasPhase(EnvironmentPhase.Progressing)
                .conditionMessageContains("Ready", "3/4 ready; waiting for datastorage");

        Plan ready = cluster.at(120).ready("datastorage").reconcile();
        assertThatPlan(ready)
                .isReady()
                .appliesNothing()
                .hasCondition("Failed", "False", Reasons.NO_FAILURE)
                .hasCondition("component.testenv.io/postgres", "True", Reasons.READY)
                .hasCondition("component.testenv.io/redis", "True", Reasons.READY)
                .hasCondition("component.testenv.io/migrations", "True", Reasons.READY)
                .hasCondition("component.testenv.io/datastorage", "True", Reasons.READY);
        assertThat(ready.readySummary()).isEqualTo("4/4");
        assertThat(ready.startedAt()).isEqualTo(Cluster.T0);
        assertThat(ready.readyAt()).isEqualTo(Cluster.T0.plusSeconds(120));
        assertThat(ready.components())
                .extracting(ComponentState::appliedAt)
                .containsExactly(Cluster.T0, Cluster.T0, Cluster.T0.plusSeconds(60), Cluster.T0.plusSeconds(90));
        assertThat(ready.components())
                .extracting(ComponentState::readyAt)
                .containsExactly(
                        Cluster.T0.plusSeconds(60),
                        Cluster.T0.plusSeconds(15),
                        Cluster.T0.plusSeconds(90),
                        Cluster.T0.plusSeconds(120));
    }
}
