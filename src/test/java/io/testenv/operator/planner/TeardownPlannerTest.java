package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.Teardown;
import io.testenv.operator.planner.TeardownPlanner.Member;
import io.testenv.operator.planner.TeardownPlanner.TeardownPlan;
import io.testenv.operator.planner.model.Cleanup;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The deletion's decisions: what goes now, what waits, and when the finalizer comes off. */
class TeardownPlannerTest {

    private static final Instant DELETED = Cluster.T0;
    private static final ObjectRef DB = Specs.ref("Deployment", "db");
    private static final ObjectRef APP = Specs.ref("Deployment", "app");
    private static final ObjectRef ROLE = new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole", null, "role");
    private static final List<Member> MEMBERS =
            List.of(new Member(DB, "db", true), new Member(APP, "app", true), new Member(ROLE, "app", false));

    @Test
    void backgroundDeletesOnlyWhatGarbageCollectionCannotReachAndIsDone() {
        TeardownPlan plan = TeardownPlanner.plan(
                env(Teardown.Background), DELETED, DELETED, MEMBERS, Set.of("app"), Map.of(), Set.of());
        assertThat(plan.delete()).containsExactly(ROLE);
        assertThat(plan.done()).isTrue();
    }

    @Test
    void reverseDeletesDependentsFirstAndWaits() {
        TeardownPlan plan = TeardownPlanner.plan(
                env(Teardown.Reverse), DELETED, DELETED.plusSeconds(1), MEMBERS, Set.of(), Map.of(), Set.of());
        assertThat(plan.delete()).containsExactlyInAnyOrder(APP, ROLE);
        assertThat(plan.done()).isFalse();
        assertThat(plan.waiting()).containsExactlyInAnyOrder("app", "db");

        TeardownPlan next = TeardownPlanner.plan(
                env(Teardown.Reverse),
                DELETED,
                DELETED.plusSeconds(2),
                List.of(MEMBERS.get(0)),
                Set.of(),
                Map.of(),
                Set.of());
        assertThat(next.delete()).containsExactly(DB);
        assertThat(next.done()).isFalse();

        TeardownPlan last = TeardownPlanner.plan(
                env(Teardown.Reverse), DELETED, DELETED.plusSeconds(3), List.of(), Set.of(), Map.of(), Set.of());
        assertThat(last.done()).isTrue();
        assertThat(last.delete()).isEmpty();
    }

    @Test
    void podsOfAComponentHoldItsDependencies() {
        TeardownPlan plan = TeardownPlanner.plan(
                env(Teardown.Reverse), DELETED, DELETED, List.of(MEMBERS.get(0)), Set.of("app"), Map.of(), Set.of());
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.done()).isFalse();
    }

    @Test
    void aHeldMemberIsReportedOnceAndTheRestGoesAtTheTimeout() {
        Map<ObjectRef, List<String>> held = Map.of(APP, List.of("example.com/keep"));
        TeardownPlan first =
                TeardownPlanner.plan(env(Teardown.Reverse), DELETED, DELETED, MEMBERS, Set.of(), held, Set.of());
        assertThat(first.events()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("TeardownHeld");
            assertThat(e.message())
                    .isEqualTo("Deployment app of component app is held by its finalizer "
                            + "example.com/keep; the reverse teardown waits for it, up to 10m, then deletes the rest");
        });
        TeardownPlan second = TeardownPlanner.plan(
                env(Teardown.Reverse), DELETED, DELETED.plusSeconds(1), MEMBERS, Set.of(), held, first.reported());
        assertThat(second.events()).isEmpty();

        TeardownPlan overdue = TeardownPlanner.plan(
                env(Teardown.Reverse), DELETED, DELETED.plusSeconds(601), MEMBERS, Set.of(), held, first.reported());
        assertThat(overdue.overdue()).isTrue();
        assertThat(overdue.done()).isTrue();
        assertThat(overdue.delete()).containsExactly(ROLE);
    }

    private static EnvironmentModel env(Teardown teardown) {
        return Specs.withCleanup(Specs.env("db; app: db"), new Cleanup(teardown, null, null));
    }
}
