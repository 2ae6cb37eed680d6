package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static io.testenv.operator.planner.Specs.deployment;
import static io.testenv.operator.planner.Specs.env;
import static io.testenv.operator.planner.Specs.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.HealthOverride;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.Scope;

/** Every invalid spec ends in Ready=False / Failed=True with reason InvalidSpec, a precise message, and no apply. */
class SpecValidationTest {

    static ComponentModel component(String name, Manifest... manifests) {
        return new ComponentModel(name, List.of(manifests), List.of(), List.of());
    }

    static Function<EnvironmentModel, EnvironmentModel> components(ComponentModel... components) {
        return env -> Specs.withComponents(env, List.of(components));
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("cycle", "a: c; b: a; c: b", Function.identity(), "dependency cycle: a -> c -> b -> a"),
                Arguments.of("unknown dependency", "a: ghost", Function.identity(),
                        "component 'a' depends on unknown component 'ghost'"),
                Arguments.of("self dependency", "a: a", Function.identity(), "component 'a' depends on itself"),
                Arguments.of("duplicate component", "a; a", Function.identity(),
                        "component name 'a' is used more than once"),
                Arguments.of("no components", "a", components(), "spec.components is empty"),
                Arguments.of("component without manifests", "a", components(component("a")),
                        "component 'a' has no manifests"),
                Arguments.of("manifest without apiVersion", "a",
                        components(component("a", manifest(null, "ConfigMap", "x"))),
                        "component 'a', manifest 1: missing apiVersion"),
                Arguments.of("manifest without kind and name", "a",
                        components(component("a", deployment("ok"), manifest("v1", null, null))),
                        "component 'a', manifest 2: missing kind, metadata.name"),
                Arguments.of("same object twice", "a",
                        components(component("a", deployment("web")), component("b", deployment("web"))),
                        "component 'b', manifest 1: Deployment web is already declared by component 'a'"),
                Arguments.of("bad timeout", "a", (Function<EnvironmentModel, EnvironmentModel>) e -> Specs.withTimeout(e,
                        "ten minutes"), "spec.timeout 'ten minutes' is not a duration"),
                Arguments.of("component name not a DNS label", "a",
                        components(component("Web_1", deployment("web"))), "component name 'Web_1' is not a DNS label"),
                Arguments.of("cluster-scoped object not allowed", "a",
                        components(component("a", manifest("apiextensions.k8s.io/v1", "CustomResourceDefinition",
                                null, "widgets.example.com", Scope.CLUSTER))),
                        "CustomResourceDefinition widgets.example.com is cluster-scoped"),
                Arguments.of("other namespace not allowed", "a",
                        components(component("a", manifest("v1", "ConfigMap", "elsewhere", "cfg", Scope.NAMESPACED))),
                        "ConfigMap cfg is in namespace 'elsewhere'"),
                Arguments.of("CEL that does not compile", "a",
                        components(new ComponentModel("a", List.of(deployment("a")), List.of(),
                                List.of(new HealthOverride("Deployment", "self.status.(", null)))),
                        "component 'a', health for Deployment: readyWhen does not compile"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void invalidSpecFailsWithReasonAndAppliesNothing(String name, String notation,
            Function<EnvironmentModel, EnvironmentModel> change, String message) {
        Plan plan = new Cluster(change.apply(env(notation))).planOnly();

        assertThatPlan(plan)
                .appliesNothing()
                .hasPhase(EnvironmentPhase.Failed)
                .hasCondition("Ready", "False", Reasons.INVALID_SPEC)
                .hasCondition("Failed", "True", Reasons.INVALID_SPEC)
                .conditionMessageContains("Ready", message);
        assertThat(plan.wakeAt()).isEmpty();
    }

    @Test
    void reportsEveryErrorInOneMessage() {
        EnvironmentModel env = Specs.withTimeout(env("a: b; b: a; c: ghost"), "soon");

        Plan plan = new Cluster(env).planOnly();

        assertThatPlan(plan).conditionMessageContains("Ready", "dependency cycle", "unknown component 'ghost'",
                "spec.timeout 'soon'");
    }

    @Test
    void componentsOfAnInvalidSpecArePendingWithTheirGateConditions() {
        Plan plan = new Cluster(env("a: b; b: a")).planOnly();

        assertThatPlan(plan).inPhase(ComponentPhase.Pending, "a", "b")
                .hasCondition("component.testenv.io/a", "False", Reasons.INVALID_SPEC)
                .hasCondition("component.testenv.io/b", "False", Reasons.INVALID_SPEC);
    }

    @Test
    void permissivePolicyAllowsClusterScopedAndOtherNamespaces() {
        EnvironmentModel env = components(component("a",
                manifest("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "w.example.com", Scope.CLUSTER),
                manifest("v1", "ConfigMap", "elsewhere", "cfg", Scope.NAMESPACED))).apply(env("a"));

        Plan plan = new Cluster(env, PlannerPolicy.permissive()).planOnly();

        assertThatPlan(plan).applies("a").hasPhase(EnvironmentPhase.Progressing);
    }
}
