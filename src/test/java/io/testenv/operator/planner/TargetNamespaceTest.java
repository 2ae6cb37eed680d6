package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.Actions.FinalizerWrite;
import io.testenv.operator.planner.TargetNamespaces.Found;
import io.testenv.operator.planner.TeardownPlanner.TeardownPlan;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.model.TargetNamespace;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.ReadinessRules;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Observation;
import io.testenv.operator.planner.state.Reasons;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spec.targetNamespace: a namespace made for the environment's objects. Refused where the operator may not create
 * namespaces; created (once, after the finalizer is on) before anything is applied; the objects declared without a
 * namespace, and the outputs' namespace, are that namespace; deleted with the environment, only if it carries the
 * environment's uid.
 */
class TargetNamespaceTest {

    static final String UID = "0f6c1a2e-7d3b-4a59-9b1e-2c4d5e6f7a8b";
    static final String GENERATED = "pool-ds-x7k2p";
    static final PlannerPolicy ALLOWED = PlannerPolicy.defaults().withTargetNamespaces(true);
    static final PlannerPolicy NOT_ALLOWED = PlannerPolicy.defaults();

    static Planner planner(PlannerPolicy policy) {
        return new Planner(ReadinessRules.standard(), new CelHealth(), policy);
    }

    /** Components a (a Deployment, no namespace) and b (a Deployment, no namespace), in a namespace of their own. */
    static EnvironmentModel requested() {
        return Specs.withTarget(Specs.env("a; b: a"), "pool-ds-");
    }

    /** A manifest that names its namespace, as the converter resolves it. */
    static Manifest inNamespace(String kind, String name, String namespace) {
        Manifest plain = Specs.manifest("v1", kind, namespace, name, Scope.NAMESPACED);
        Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", name, "namespace", namespace));
        Map<String, Object> content = new LinkedHashMap<>(plain.content());
        content.put("metadata", metadata);
        return new Manifest(plain.ref(), plain.scope(), content);
    }

    static Observation finalizerHeld() {
        return Observation.empty().withParent(new Observation.Parent(Map.of(), true, false));
    }

    @Test
    void isRefusedWhereTheOperatorMayNotCreateNamespacesAndNothingIsCreated() {
        Plan plan = planner(NOT_ALLOWED).plan(requested(), finalizerHeld(), History.none(), Cluster.T0);

        assertThatPlan(plan).hasPhase(EnvironmentPhase.Failed).appliesNothing();
        assertThat(plan.condition("Failed").orElseThrow().reason()).isEqualTo(Reasons.TARGET_NAMESPACE_NOT_ALLOWED);
        assertThat(plan.condition("Ready").orElseThrow().message())
                .contains("spec.targetNamespace", "testenv.target-namespaces.enabled");
        assertThat(plan.actions().targetNamespace())
                .as("no namespace to create or record")
                .isEmpty();
        assertThat(plan.actions().membership()).as("no ApplySet record").isEmpty();
        assertThat(plan.actions().finalizer().write())
                .as("nothing for the operator to delete: garbage collection takes the environment")
                .isEqualTo(FinalizerWrite.RELEASE);
    }

    @Test
    void theNamespaceIsCreatedBeforeAnythingIsAppliedAndOnlyOnceTheFinalizerIsOn() {
        Plan withoutFinalizer = planner(ALLOWED).plan(requested(), Observation.empty(), History.none(), Cluster.T0);
        assertThat(withoutFinalizer.actions().finalizer().needed()).isTrue();
        assertThat(withoutFinalizer.actions().finalizer().proceed())
                .as("the shell creates nothing before the finalizer is on")
                .isFalse();

        Plan plan = planner(ALLOWED).plan(requested(), finalizerHeld(), History.none(), Cluster.T0);
        assertThatPlan(plan).appliesNothing();
        assertThat(plan.actions().finalizer().proceed()).isTrue();
        assertThat(plan.actions().namespaceToCreate()).contains(TargetNamespace.requested("pool-ds-"));
        assertThat(plan.components()).allSatisfy(c -> assertThat(c.reason()).isEqualTo(Reasons.WAITING_FOR_NAMESPACE));
        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Pending);
    }

    @Test
    void onceItExistsObjectsWithoutANamespaceGoThereAndItIsRecorded() {
        EnvironmentModel placed = requested().withTargetNamespace(GENERATED);
        Plan plan = planner(ALLOWED).plan(placed, finalizerHeld(), History.none(), Cluster.T0);

        assertThatPlan(plan).applies("a");
        assertThat(plan.actions().namespaceToCreate()).isEmpty();
        assertThat(plan.actions().targetNamespace()).map(TargetNamespace::name).contains(GENERATED);
        assertThat(plan.actions().membership().orElseThrow().declared())
                .extracting(ObjectRef::namespace)
                .containsOnly(GENERATED);
        assertThat(plan.actions().finalizer().needed())
                .as("a namespace cannot be owned by a namespaced object: the operator deletes it")
                .isTrue();
    }

    @Test
    void aNamespaceRecordedBeforeIsStillRecordedAndDeletedWhenTheOperatorNoLongerMayCreateOne() {
        EnvironmentModel placed = requested().withTargetNamespace(GENERATED);
        Plan plan = planner(NOT_ALLOWED).plan(placed, finalizerHeld(), History.none(), Cluster.T0);

        assertThat(plan.condition("Failed").orElseThrow().reason()).isEqualTo(Reasons.TARGET_NAMESPACE_NOT_ALLOWED);
        assertThatPlan(plan).appliesNothing();
        assertThat(plan.actions().targetNamespace()).map(TargetNamespace::name).contains(GENERATED);
        assertThat(plan.actions().finalizer().needed()).isTrue();
    }

    static Stream<Arguments> placements() {
        Manifest defaulted = Specs.deployment("web");
        Manifest explicit = inNamespace("ConfigMap", "settings", Specs.NAMESPACE);
        Manifest crd =
                Specs.manifest("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "w.x.io", Scope.CLUSTER);
        return Stream.of(
                Arguments.of("declared without a namespace: the namespace made for it", defaulted, GENERATED),
                Arguments.of("naming the environment's namespace: stays there", explicit, Specs.NAMESPACE),
                Arguments.of("cluster-scoped: no namespace", crd, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void placesEachObject(String name, Manifest manifest, String namespace) {
        EnvironmentModel env = Specs.withTarget(
                Specs.withComponents(
                        Specs.env("a"), List.of(new ComponentModel("a", List.of(manifest), List.of(), List.of()))),
                "pool-ds-");
        EnvironmentModel placed = env.withTargetNamespace(GENERATED);

        assertThat(placed.components().get(0).manifests().get(0).ref().namespace())
                .isEqualTo(namespace);
        assertThat(env.components().get(0).manifests().get(0).ref().namespace())
                .as("until its name is known, the model is as converted")
                .isEqualTo(manifest.ref().namespace());
        assertThat(placed.objectNamespace()).isEqualTo(GENERATED);
    }

    static Stream<Arguments> confinement() {
        return Stream.of(
                Arguments.of("the namespace made for it", GENERATED, Optional.empty()),
                Arguments.of("the environment's own", Specs.NAMESPACE, Optional.empty()),
                Arguments.of("any other", "kube-system", Optional.of(Reasons.NAMESPACE_NOT_ALLOWED)));
    }

    @ParameterizedTest(name = "an object in {0} namespace")
    @MethodSource("confinement")
    void objectsGoOnlyIntoTheEnvironmentsNamespaceOrTheOneMadeForIt(
            String name, String namespace, Optional<String> refusal) {
        Manifest manifest = inNamespace("ConfigMap", "settings", namespace);
        EnvironmentModel env = Specs.withTarget(
                        Specs.withComponents(
                                Specs.env("a"),
                                List.of(new ComponentModel("a", List.of(manifest), List.of(), List.of()))),
                        "pool-ds-")
                .withTargetNamespace(GENERATED);
        Plan plan = planner(ALLOWED).plan(env, finalizerHeld(), History.none(), Cluster.T0);

        Optional<String> failed =
                plan.condition("Failed").filter(c -> c.isTrue()).map(c -> c.reason());
        assertThat(failed).isEqualTo(refusal);
        refusal.ifPresent(r -> assertThat(plan.condition("Failed").orElseThrow().message())
                .contains("or the one made for it, '" + GENERATED + "'"));
    }

    @Test
    void theOutputsNamespaceIsTheNamespaceMadeForTheEnvironment() {
        Manifest secret = Specs.manifest("v1", "Secret", "credentials");
        EnvironmentModel env = Specs.withTarget(
                Specs.withOutputs(
                        Specs.withComponents(
                                Specs.env("db"),
                                List.of(new ComponentModel("db", List.of(secret), List.of(), List.of()))),
                        new OutputExpression("HOST", "'db.' + __namespace__ + '.svc'"),
                        new OutputExpression("PASSWORD", null, secret.ref(), "password")),
                "pool-ds-");
        EnvironmentModel placed = env.withTargetNamespace(GENERATED);
        ObjectRef moved = new ObjectRef("v1", "Secret", GENERATED, "credentials");

        assertThat(placed.outputs().get(1).secret())
                .as("the declared Secret, where it is")
                .isEqualTo(moved);
        Cluster cluster = new Cluster(placed, ALLOWED).object(moved, LiveObjects.ready(moved));
        Plan plan = cluster.reconcile();
        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Ready);
        assertThat(plan.outputs()).containsEntry("HOST", "db." + GENERATED + ".svc");
    }

    static final Instant EARLY = Cluster.T0;
    static final Instant LATE = Cluster.T0.plusSeconds(5);

    static Stream<Arguments> found() {
        return Stream.of(
                Arguments.of("none found: one is created", List.of(), Optional.empty(), List.of()),
                Arguments.of(
                        "the environment's: used, and deleted with it",
                        List.of(new Found("pool-ds-aaaaa", UID, EARLY, false)),
                        Optional.of("pool-ds-aaaaa"),
                        List.of("pool-ds-aaaaa")),
                Arguments.of(
                        "another environment's uid: never used, never deleted",
                        List.of(new Found("pool-ds-bbbbb", "another-uid", EARLY, false)),
                        Optional.empty(),
                        List.of()),
                Arguments.of(
                        "no uid label at all: never used, never deleted",
                        List.of(new Found("pool-ds-ccccc", null, EARLY, false)),
                        Optional.empty(),
                        List.of()),
                Arguments.of(
                        "two of the environment's (a copied label): the oldest used, both deleted",
                        List.of(
                                new Found("pool-ds-later", UID, LATE, false),
                                new Found("pool-ds-first", UID, EARLY, false)),
                        Optional.of("pool-ds-first"),
                        List.of("pool-ds-first", "pool-ds-later")),
                Arguments.of(
                        "being deleted already: used (never a second one), not deleted again",
                        List.of(new Found("pool-ds-ddddd", UID, EARLY, true)),
                        Optional.of("pool-ds-ddddd"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("found")
    void usesAndDeletesOnlyNamespacesThatCarryTheEnvironmentsUid(
            String name, List<Found> found, Optional<String> used, List<String> deleted) {
        assertThat(TargetNamespaces.existing(UID, found)).isEqualTo(used);
        assertThat(TargetNamespaces.toDelete(UID, found)).isEqualTo(deleted);
    }

    @Test
    void teardownDeletesTheNamespaceLastOnceNothingIsWaitedFor() {
        List<Found> found = List.of(
                new Found("pool-ds-aaaaa", UID, EARLY, false),
                new Found("pool-ds-zzzzz", "someone-else", EARLY, false));
        EnvironmentModel reverse = Specs.withTarget(
                Specs.withCleanup(
                        Specs.env("db; app: db"),
                        new io.testenv.operator.planner.model.Cleanup(
                                io.testenv.operator.api.Teardown.Reverse, null, null)),
                "pool-ds-");
        ObjectRef app = new ObjectRef("apps/v1", "Deployment", "pool-ds-aaaaa", "app");

        TeardownPlan waiting = TeardownPlanner.plan(
                reverse,
                Cluster.T0,
                Cluster.T0.plusSeconds(1),
                List.of(new TeardownPlanner.Member(app, "app", true)),
                Set.of(),
                Map.of(),
                Set.of(),
                UID,
                found);
        assertThat(waiting.done()).isFalse();
        assertThat(waiting.namespaces())
                .as("not while the reverse teardown waits")
                .isEmpty();

        TeardownPlan done = TeardownPlanner.plan(
                reverse, Cluster.T0, Cluster.T0.plusSeconds(2), List.of(), Set.of(), Map.of(), Set.of(), UID, found);
        assertThat(done.done()).isTrue();
        assertThat(done.namespaces()).containsExactly("pool-ds-aaaaa");
    }

    static Stream<Arguments> finalization() {
        return Stream.of(
                Arguments.of("namespaced kinds, no namespace made", false, false),
                Arguments.of("namespaced kinds, a namespace made for it", true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("finalization")
    void aNamespaceMadeForTheEnvironmentNeedsTheOperatorAtItsDeletion(String name, boolean owns, boolean needed) {
        assertThat(Finalization.needed(false, List.of(Scope.NAMESPACED), owns)).isEqualTo(needed);
    }
}
