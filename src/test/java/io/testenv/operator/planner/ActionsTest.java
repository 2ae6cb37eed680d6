package io.testenv.operator.planner;

import static io.testenv.operator.planner.model.Scope.CLUSTER;
import static io.testenv.operator.planner.model.Scope.NAMESPACED;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.Teardown;
import io.testenv.operator.planner.Actions.FinalizerWrite;
import io.testenv.operator.planner.model.Cleanup;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.ReadinessRules;
import io.testenv.operator.planner.state.ApplyError;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Observation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a plan tells the shell to do besides the applies: one decision each, made by the planner. */
class ActionsTest {

    private final Planner planner = new Planner(ReadinessRules.standard(), new CelHealth(), PlannerPolicy.defaults());

    static Stream<Arguments> finalizerCases() {
        return Stream.of(
                Arguments.of(
                        "namespaced only, nothing written yet: released and labelled",
                        false,
                        Map.of(),
                        false,
                        false,
                        FinalizerWrite.RELEASE,
                        true),
                Arguments.of(
                        "namespaced only, finalizer on: released",
                        false,
                        Map.of(),
                        true,
                        true,
                        FinalizerWrite.RELEASE,
                        true),
                Arguments.of(
                        "namespaced only, already labelled and released: nothing to write",
                        false,
                        Map.of(),
                        false,
                        true,
                        FinalizerWrite.NONE,
                        true),
                Arguments.of(
                        "reverse teardown, finalizer on: held", true, Map.of(), true, false, FinalizerWrite.NONE, true),
                Arguments.of(
                        "reverse teardown, finalizer not on yet: nothing is applied",
                        true,
                        Map.of(),
                        false,
                        false,
                        FinalizerWrite.NONE,
                        false),
                Arguments.of(
                        "a recorded cluster-scoped kind makes the operator needed again: label taken off",
                        false,
                        Map.of("ClusterRole.rbac.authorization.k8s.io", CLUSTER),
                        false,
                        true,
                        FinalizerWrite.RECLAIM,
                        false),
                Arguments.of(
                        "a recorded kind discovery does not know: fail closed",
                        false,
                        Map.of("Widget.example.com", Scope.UNKNOWN),
                        true,
                        false,
                        FinalizerWrite.NONE,
                        true),
                Arguments.of(
                        "recorded namespaced kinds do not need the operator",
                        false,
                        Map.of("Deployment.apps", NAMESPACED),
                        false,
                        true,
                        FinalizerWrite.NONE,
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("finalizerCases")
    void holdsTheFinalizerOnlyWhileTheDeletionNeedsTheOperator(
            String name,
            boolean reverse,
            Map<String, Scope> recorded,
            boolean held,
            boolean collected,
            FinalizerWrite write,
            boolean proceed) {
        EnvironmentModel env =
                Specs.withCleanup(Specs.env("a"), new Cleanup(reverse ? Teardown.Reverse : null, null, null));
        Plan plan = planner.plan(
                env,
                Observation.empty().withParent(new Observation.Parent(recorded, held, collected)),
                History.none(),
                Cluster.T0);
        assertThat(plan.actions().finalizer().write()).isEqualTo(write);
        assertThat(plan.actions().finalizer().proceed()).isEqualTo(proceed);
    }

    @Test
    void recordsTheSpecsKindsWithThoseRecordedBeforeAndPrunesWhatItNoLongerDeclares() {
        EnvironmentModel env = Specs.env("a; b");
        Plan plan = planner.plan(
                env,
                Observation.empty().withParent(new Observation.Parent(Map.of("ConfigMap", NAMESPACED), false, false)),
                History.none(),
                Cluster.T0);
        Membership membership = plan.actions().membership().orElseThrow();
        assertThat(membership.groupKinds()).containsExactlyInAnyOrder("ConfigMap", "Deployment.apps");
        assertThat(membership.specGroupKinds()).containsExactly("Deployment.apps");
        assertThat(membership.declared())
                .containsExactlyInAnyOrder(Specs.ref("Deployment", "a"), Specs.ref("Deployment", "b"));
        assertThat(membership.narrowedAfterPrune(2)).contains(Set.of("Deployment.apps"));
        assertThat(membership.narrowedAfterPrune(3))
                .as("a member left that the spec does not declare")
                .isEmpty();
    }

    @Test
    void writesNothingForAnEnvironmentWhoseSpecOrIdentityCannotBe() {
        Plan invalid = planner.plan(
                Specs.withTimeout(Specs.env("a"), "soon"), Observation.empty(), History.none(), Cluster.T0);
        Plan noIdentity = planner.plan(
                Specs.env("a"), Observation.unresolvedIdentity("no such ServiceAccount"), History.none(), Cluster.T0);
        assertThat(invalid.actions().membership()).isEmpty();
        assertThat(noIdentity.actions().membership()).isEmpty();
        assertThat(planner.plan(Specs.env("a"), Observation.empty(), History.none(), Cluster.T0)
                        .actions()
                        .membership())
                .isPresent();
    }

    @Test
    void forcesOnlyTheComponentsWhoseDriftIsCorrected() {
        Manifest config = Specs.manifest("v1", "ConfigMap", "a", Map.of("data", Map.of("k", "v")));
        EnvironmentModel env = Specs.withComponents(
                Specs.env("a; b"),
                List.of(
                        new ComponentModel("a", List.of(config), List.of(), List.of()),
                        new ComponentModel("b", List.of(Specs.deployment("b")), List.of(), List.of())));
        Cluster cluster = new Cluster(env).object(config.ref(), live(config, "v"));
        cluster.reconcile();
        Plan ready = cluster.at(5).ready("b").reconcile();
        assertThat(ready.actions().force()).isEmpty();
        assertThat(ready.actions().relearn()).isEmpty();

        Plan drifted = cluster.object(config.ref(), live(config, "changed")).planOnly();
        assertThat(drifted.toApply()).containsExactly("a");
        assertThat(drifted.actions().force()).containsExactly("a");
        assertThat(drifted.actions().relearn())
                .extracting(Actions.Relearn::component)
                .containsExactly("a");
    }

    private static Map<String, Object> live(Manifest manifest, String value) {
        Map<String, Object> object = new HashMap<>(manifest.content());
        object.put("data", Map.of("k", value));
        return object;
    }

    @Test
    void expiresAfterItsTimeToLiveAndWakesUpForIt() {
        EnvironmentModel env = Specs.withCleanup(Specs.env("a"), new Cleanup(null, 60, null));
        Cluster cluster = new Cluster(env);
        cluster.reconcile();
        Plan ready = cluster.at(10).ready("a").reconcile();
        assertThat(ready.actions().expiresAt()).contains(Cluster.T0.plusSeconds(70));
        assertThat(ready.wakeAt()).contains(Cluster.T0.plusSeconds(70));
        assertThat(ready.actions().expired()).isFalse();
        assertThat(cluster.at(70).reconcile().actions().expired()).isTrue();
    }

    @Test
    void namesTheFirstTransientApplyErrorWhileTheEnvironmentGoesOn() {
        Cluster cluster = new Cluster(Specs.env("a"));
        cluster.rejectNextApply(Specs.ref("Deployment", "a"), ApplyError.retrying("the server is busy"));
        Plan plan = cluster.reconcile();
        assertThat(plan.actions().retrying())
                .hasValueSatisfying(m -> assertThat(m).startsWith("component a: "));
        assertThat(planner.plan(Specs.env("a"), Observation.empty(), History.none(), Cluster.T0)
                        .actions()
                        .retrying())
                .isEmpty();
    }
}
