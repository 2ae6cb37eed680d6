package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static io.testenv.operator.planner.Specs.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.state.ApplyError;
import io.testenv.operator.planner.state.Reasons;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureTest {

    static final ObjectRef MIGRATIONS_JOB = Specs.ref("Job", "migrations");

    /** postgres; redis; migrations (a Job): postgres; app: migrations, redis. */
    static EnvironmentModel withMigrationsJob() {
        EnvironmentModel env = env("postgres; redis; migrations: postgres; app: migrations, redis");
        List<ComponentModel> components = env.components().stream()
                .map(c -> c.name().equals("migrations")
                        ? new ComponentModel(
                                "migrations",
                                List.of(Specs.manifest("batch/v1", "Job", "migrations")),
                                c.dependsOn(),
                                c.health())
                        : c)
                .toList();
        return Specs.withComponents(env, components);
    }

    @Test
    void failedJobFailsTheEnvironmentAtOnceNamingTheJob() {
        Cluster cluster = new Cluster(withMigrationsJob());
        cluster.reconcile();
        cluster.ready("postgres").reconcile();

        Plan plan = cluster.at(30)
                .object(MIGRATIONS_JOB, LiveObjects.failedJob(MIGRATIONS_JOB))
                .reconcile();

        assertThatPlan(plan)
                .appliesNothing()
                .hasPhase(EnvironmentPhase.Failed)
                .hasCondition("Failed", "True", Reasons.COMPONENT_FAILED)
                .hasCondition("Ready", "False", Reasons.COMPONENT_FAILED)
                .conditionMessageContains("Failed", "migrations", "Job migrations", "BackoffLimitExceeded")
                .component("migrations", ComponentPhase.Failed, "JobFailed", "Job migrations")
                .component("app", ComponentPhase.Blocked, Reasons.DEPENDENCY_FAILED, "dependency failed: migrations");
        assertThat(plan.component("migrations").orElseThrow().failedAt()).isEqualTo(Cluster.T0.plusSeconds(30));
        assertThat(plan.wakeAt()).isEmpty();
    }

    @Test
    void everythingDownstreamOfAFailureSaysDependencyFailedNamingTheFailedComponent() {
        EnvironmentModel env = env("postgres; migrations: postgres; datastorage: migrations; gateway: datastorage; "
                + "edge: gateway, postgres");
        List<ComponentModel> components = env.components().stream()
                .map(c -> c.name().equals("migrations")
                        ? new ComponentModel(
                                c.name(),
                                List.of(Specs.manifest("batch/v1", "Job", "migrations")),
                                c.dependsOn(),
                                c.health())
                        : c)
                .toList();
        Cluster cluster = new Cluster(Specs.withComponents(env, components));
        cluster.reconcile();
        cluster.ready("postgres").reconcile();

        Plan plan = cluster.object(MIGRATIONS_JOB, LiveObjects.failedJob(MIGRATIONS_JOB))
                .reconcile();

        assertThatPlan(plan)
                .component(
                        "datastorage",
                        ComponentPhase.Blocked,
                        Reasons.DEPENDENCY_FAILED,
                        "dependency failed: migrations")
                .component(
                        "gateway", ComponentPhase.Blocked, Reasons.DEPENDENCY_FAILED, "dependency failed: migrations")
                .component("edge", ComponentPhase.Blocked, Reasons.DEPENDENCY_FAILED, "dependency failed: migrations");
    }

    @Test
    void failedBranchDoesNotBlockSibling() {
        Cluster cluster = new Cluster(withMigrationsJob());
        cluster.reconcile();
        cluster.ready("postgres").reconcile();
        cluster.object(MIGRATIONS_JOB, LiveObjects.failedJob(MIGRATIONS_JOB)).reconcile();

        Plan plan = cluster.ready("redis").reconcile();

        assertThatPlan(plan).hasPhase(EnvironmentPhase.Failed).inPhase(ComponentPhase.Ready, "postgres", "redis");
    }

    @Test
    void independentBranchIsStillAppliedAfterAFailure() {
        Cluster cluster = new Cluster(env("a; b: a; c; d: c"));
        cluster.reconcile();
        ObjectRef a = Specs.ref("Deployment", "a");
        cluster.object(a, deploymentPastDeadline(a)).reconcile();

        Plan plan = cluster.ready("c").reconcile();

        assertThatPlan(plan)
                .applies("d")
                .blocks("b")
                .hasPhase(EnvironmentPhase.Failed)
                .component("a", ComponentPhase.Failed, "ProgressDeadlineExceeded", "Deployment a");
    }

    @Test
    void failureHoldsUntilTheSpecChanges() {
        Cluster cluster = new Cluster(withMigrationsJob());
        cluster.reconcile();
        cluster.ready("postgres").reconcile();
        cluster.object(MIGRATIONS_JOB, LiveObjects.failedJob(MIGRATIONS_JOB)).reconcile();

        Plan stillFailed = cluster.object(MIGRATIONS_JOB, LiveObjects.ready(MIGRATIONS_JOB))
                .reconcile();
        assertThatPlan(stillFailed).hasPhase(EnvironmentPhase.Failed).inPhase(ComponentPhase.Failed, "migrations");

        Plan newGeneration =
                cluster.spec(Specs.withGeneration(withMigrationsJob(), 2)).reconcile();
        assertThatPlan(newGeneration)
                .inPhase(ComponentPhase.Ready, "migrations")
                .hasCondition("Failed", "False", Reasons.NO_FAILURE);
    }

    @Test
    void rejectedObjectFailsTheComponentWithTheServersMessage() {
        Cluster cluster = new Cluster(env("a; b"));
        cluster.rejectNextApply(
                Specs.ref("Deployment", "b"),
                ApplyError.rejected("rejected by the API server (422): spec.replicas: Invalid value: -1"));

        Plan plan = cluster.reconcile();

        assertThatPlan(plan)
                .hasPhase(EnvironmentPhase.Failed)
                .component(
                        "b",
                        ComponentPhase.Failed,
                        Reasons.APPLY_REJECTED,
                        "Deployment b: rejected by the API server (422)")
                .inPhase(ComponentPhase.Progressing, "a");
        assertThatPlan(cluster.reconcile()).appliesNothing().inPhase(ComponentPhase.Failed, "b");
    }

    @Test
    void kindNotServedIsRetriedAfterTheRetryDelay() {
        Cluster cluster = new Cluster(env("a"));
        cluster.rejectNextApply(Specs.ref("Deployment", "a"), ApplyError.kindNotServed("Deployment is not served"));

        Plan plan = cluster.reconcile();

        assertThatPlan(plan)
                .hasPhase(EnvironmentPhase.Progressing)
                .component("a", ComponentPhase.Applying, Reasons.KIND_NOT_SERVED, "is not served");
        assertThat(plan.wakeAt())
                .contains(Cluster.T0.plus(PlannerPolicy.defaults().retryDelay()));
        assertThatPlan(cluster.at(5).reconcile()).applies("a").inPhase(ComponentPhase.Progressing, "a");
    }

    @Test
    void sequentialStopsAtAFailure() {
        Cluster cluster = new Cluster(Specs.withComponents(
                env("x", Strategy.Sequential), withMigrationsJob().components()));
        cluster.reconcile();
        cluster.ready("postgres").reconcile();
        cluster.ready("redis").reconcile();
        cluster.object(MIGRATIONS_JOB, LiveObjects.failedJob(MIGRATIONS_JOB));

        assertThatPlan(cluster.reconcile())
                .appliesNothing()
                .component("app", ComponentPhase.Blocked, Reasons.DEPENDENCY_FAILED, "migrations failed");
    }

    static java.util.Map<String, Object> deploymentPastDeadline(ObjectRef ref) {
        java.util.Map<String, Object> object = LiveObjects.created(ref);
        object.put(
                "status",
                java.util.Map.of(
                        "observedGeneration",
                        1,
                        "replicas",
                        1,
                        "updatedReplicas",
                        1,
                        "conditions",
                        List.of(LiveObjects.condition(
                                "Progressing",
                                "False",
                                "ProgressDeadlineExceeded",
                                "ReplicaSet \"a-1\" has timed out progressing."))));
        return object;
    }

    @Test
    void anApiErrorBeforeAnyApplyIsPendingAndRetryingWithItsDeadlineRunning() {
        Plan plan = new Planner(
                        io.testenv.operator.planner.readiness.ReadinessRules.standard(),
                        new io.testenv.operator.planner.readiness.CelHealth(),
                        PlannerPolicy.defaults())
                .retrying(env("a; b: a"), "retrying: API error (403): writes refused by policy", Cluster.T0);

        assertThatPlan(plan)
                .appliesNothing()
                .hasPhase(EnvironmentPhase.Pending)
                .hasCondition("Ready", "False", Reasons.RETRYING)
                .hasCondition("Failed", "False", Reasons.NO_FAILURE)
                .conditionMessageContains("Ready", "writes refused by policy")
                .inPhase(ComponentPhase.Pending, "a", "b");
        assertThat(plan.startedAt()).isEqualTo(Cluster.T0);
        assertThat(plan.readySummary()).isEqualTo("0/2");
    }
}
