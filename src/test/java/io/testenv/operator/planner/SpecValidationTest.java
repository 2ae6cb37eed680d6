package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static io.testenv.operator.planner.Specs.deployment;
import static io.testenv.operator.planner.Specs.env;
import static io.testenv.operator.planner.Specs.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.PlannerPolicy;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.readiness.CelHealth;
import io.testenv.operator.planner.readiness.Readiness.CelOverride;
import io.testenv.operator.planner.readiness.ReadinessRules;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.Observation;
import io.testenv.operator.planner.state.Reasons;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec that cannot be applied ends in Ready=False / Failed=True with a specific reason, a precise message, and
 * no apply; the confinement rules refuse what the operator must not create with its own rights.
 */
class SpecValidationTest {

    static ComponentModel component(String name, Manifest... manifests) {
        return new ComponentModel(name, List.of(manifests), List.of(), List.of());
    }

    static Function<EnvironmentModel, EnvironmentModel> components(ComponentModel... components) {
        return env -> Specs.withComponents(env, List.of(components));
    }

    static Function<EnvironmentModel, EnvironmentModel> oneManifest(Manifest manifest) {
        return components(component("a", manifest));
    }

    static Function<EnvironmentModel, EnvironmentModel> asServiceAccount(
            String name, Function<EnvironmentModel, EnvironmentModel> change) {
        return env -> Specs.withServiceAccount(change.apply(env), name);
    }

    static Manifest crd(String name) {
        return manifest("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, name, Scope.CLUSTER);
    }

    static Map<String, Object> podSpec(String serviceAccount) {
        return Map.of("serviceAccountName", serviceAccount, "containers", List.of(Map.of("name", "c", "image", "i")));
    }

    static Stream<Arguments> invalidSpecs() {
        String invalid = Reasons.INVALID_SPEC;
        return Stream.of(
                Arguments.of(
                        "cycle",
                        "a: c; b: a; c: b",
                        Function.identity(),
                        invalid,
                        "dependency cycle: a -> c -> b -> a"),
                Arguments.of(
                        "unknown dependency",
                        "a: ghost",
                        Function.identity(),
                        invalid,
                        "component 'a' depends on unknown component 'ghost'"),
                Arguments.of(
                        "self dependency", "a: a", Function.identity(), invalid, "component 'a' depends on itself"),
                Arguments.of(
                        "duplicate component",
                        "a; a",
                        Function.identity(),
                        invalid,
                        "component name 'a' is used more than once"),
                Arguments.of("no components", "a", components(), invalid, "spec.components is empty"),
                Arguments.of(
                        "component without manifests",
                        "a",
                        components(component("a")),
                        invalid,
                        "component 'a' has no manifests"),
                Arguments.of(
                        "manifest without apiVersion",
                        "a",
                        components(component("a", manifest(null, "ConfigMap", "x"))),
                        invalid,
                        "component 'a', manifest 1: missing apiVersion"),
                Arguments.of(
                        "manifest without kind and name",
                        "a",
                        components(component("a", deployment("ok"), manifest("v1", null, null))),
                        invalid,
                        "component 'a', manifest 2: missing kind, metadata.name"),
                Arguments.of(
                        "same object twice",
                        "a",
                        components(component("a", deployment("web")), component("b", deployment("web"))),
                        invalid,
                        "component 'b', manifest 1: Deployment web is already declared by component 'a'"),
                Arguments.of(
                        "bad timeout",
                        "a",
                        (Function<EnvironmentModel, EnvironmentModel>) e -> Specs.withTimeout(e, "ten minutes"),
                        invalid,
                        "spec.timeout 'ten minutes' is not a duration"),
                Arguments.of(
                        "timeout past the maximum",
                        "a",
                        (Function<EnvironmentModel, EnvironmentModel>) e -> Specs.withTimeout(e, "25h"),
                        invalid,
                        "spec.timeout '25h' is longer than the maximum, 24h"),
                Arguments.of(
                        "timeout that overflows a long",
                        "a",
                        (Function<EnvironmentModel, EnvironmentModel>) e -> Specs.withTimeout(e, "9999999999999h"),
                        invalid,
                        "spec.timeout '9999999999999h' is longer than the maximum, 24h"),
                Arguments.of(
                        "name too long for the label every object carries",
                        "a",
                        (Function<EnvironmentModel, EnvironmentModel>) e -> new EnvironmentModel(
                                e.namespace(),
                                "e".repeat(110),
                                e.generation(),
                                e.strategy(),
                                e.timeout().text(),
                                e.components(),
                                null),
                        invalid,
                        "metadata.name is 110 characters long; the environment's name is the value of the "
                                + "label testenv.io/environment on every object it creates, and label values hold at "
                                + "most 63 characters"),
                Arguments.of(
                        "component name not a DNS label",
                        "a",
                        components(component("Web_1", deployment("web"))),
                        invalid,
                        "component name 'Web_1' is not a DNS label"),
                Arguments.of(
                        "cluster-scoped kind not on the allow-list",
                        "a",
                        oneManifest(crd("widgets.example.com")),
                        Reasons.CLUSTER_SCOPED_NOT_ALLOWED,
                        "CustomResourceDefinition widgets.example.com is cluster-scoped, and CustomResourceDefinition "
                                + "is not among the kinds"),
                Arguments.of(
                        "cluster-scoped kind refused with a ServiceAccount too",
                        "a",
                        asServiceAccount("deployer", oneManifest(crd("widgets.example.com"))),
                        Reasons.CLUSTER_SCOPED_NOT_ALLOWED,
                        "widgets.example.com is cluster-scoped"),
                Arguments.of(
                        "other namespace",
                        "a",
                        oneManifest(manifest("v1", "ConfigMap", "elsewhere", "cfg", Scope.NAMESPACED)),
                        Reasons.NAMESPACE_NOT_ALLOWED,
                        "ConfigMap cfg is in namespace 'elsewhere'; objects are "
                                + "created only in the environment's namespace 'ci'"),
                Arguments.of(
                        "other namespace refused with a ServiceAccount too",
                        "a",
                        asServiceAccount(
                                "deployer",
                                oneManifest(manifest("v1", "ConfigMap", "elsewhere", "cfg", Scope.NAMESPACED))),
                        Reasons.NAMESPACE_NOT_ALLOWED,
                        "in namespace 'elsewhere'"),
                Arguments.of(
                        "kind not served yet, other namespace",
                        "a",
                        oneManifest(manifest("example.com/v1", "Widget", "elsewhere", "w", Scope.UNKNOWN)),
                        Reasons.NAMESPACE_NOT_ALLOWED,
                        "Widget w is in namespace 'elsewhere'"),
                Arguments.of(
                        "RoleBinding without a ServiceAccount",
                        "a",
                        oneManifest(manifest("rbac.authorization.k8s.io/v1", "RoleBinding", "grant")),
                        Reasons.RBAC_NOT_ALLOWED,
                        "RoleBinding grant grants rights"),
                Arguments.of(
                        "Role without a ServiceAccount",
                        "a",
                        oneManifest(manifest("rbac.authorization.k8s.io/v1", "Role", "r")),
                        Reasons.RBAC_NOT_ALLOWED,
                        "set spec.serviceAccountName"),
                Arguments.of(
                        "TestEnvironment without a ServiceAccount",
                        "a",
                        oneManifest(manifest("testenv.io/v1alpha1", "TestEnvironment", "nested")),
                        Reasons.TEST_ENVIRONMENT_NOT_ALLOWED,
                        "TestEnvironment nested is a TestEnvironment"),
                Arguments.of(
                        "token Secret without a ServiceAccount",
                        "a",
                        oneManifest(manifest(
                                "v1", "Secret", "token", Map.of("type", "kubernetes.io/service-account-token"))),
                        Reasons.TOKEN_SECRET_NOT_ALLOWED,
                        "Secret token is a ServiceAccount token Secret"),
                Arguments.of(
                        "Pod as another ServiceAccount",
                        "a",
                        oneManifest(manifest("v1", "Pod", "p", Map.of("spec", podSpec("admin")))),
                        Reasons.POD_SERVICE_ACCOUNT_NOT_ALLOWED,
                        "Pod p runs pods as ServiceAccount 'admin'"),
                Arguments.of(
                        "Deployment template as another ServiceAccount",
                        "a",
                        oneManifest(manifest(
                                "apps/v1",
                                "Deployment",
                                "d",
                                Map.of("spec", Map.of("template", Map.of("spec", podSpec("admin")))))),
                        Reasons.POD_SERVICE_ACCOUNT_NOT_ALLOWED,
                        "Deployment d runs pods as ServiceAccount 'admin'"),
                Arguments.of(
                        "CronJob job template as another ServiceAccount",
                        "a",
                        oneManifest(manifest(
                                "batch/v1",
                                "CronJob",
                                "c",
                                Map.of(
                                        "spec",
                                        Map.of(
                                                "jobTemplate",
                                                Map.of(
                                                        "spec",
                                                        Map.of("template", Map.of("spec", podSpec("admin")))))))),
                        Reasons.POD_SERVICE_ACCOUNT_NOT_ALLOWED,
                        "CronJob c runs pods as ServiceAccount 'admin'"),
                Arguments.of(
                        "Pod with the deprecated serviceAccount field",
                        "a",
                        oneManifest(manifest(
                                "v1",
                                "Pod",
                                "p",
                                Map.of("spec", Map.of("serviceAccount", "admin", "containers", List.of())))),
                        Reasons.POD_SERVICE_ACCOUNT_NOT_ALLOWED,
                        "as ServiceAccount 'admin'"),
                Arguments.of(
                        "empty ServiceAccount",
                        "a",
                        (Function<EnvironmentModel, EnvironmentModel>) e -> Specs.withServiceAccount(e, ""),
                        Reasons.SERVICE_ACCOUNT_REQUIRED,
                        "spec.serviceAccountName is empty"),
                Arguments.of(
                        "blank ServiceAccount",
                        "a",
                        (Function<EnvironmentModel, EnvironmentModel>) e -> Specs.withServiceAccount(e, "  "),
                        Reasons.SERVICE_ACCOUNT_REQUIRED,
                        "spec.serviceAccountName is empty"),
                Arguments.of(
                        "spec that could not be read",
                        "a",
                        (Function<EnvironmentModel, EnvironmentModel>) e -> new EnvironmentModel(
                                e.namespace(),
                                e.name(),
                                e.generation(),
                                e.strategy(),
                                e.timeout().text(),
                                List.of(),
                                null,
                                "spec.strategy: not one of the values accepted"),
                        invalid,
                        "invalid spec: spec.strategy: not one of the values accepted"),
                Arguments.of(
                        "unquoted number in ConfigMap data",
                        "a",
                        oneManifest(manifest("v1", "ConfigMap", "db", Map.of("data", Map.of("port", 5432)))),
                        invalid,
                        "component 'a', manifest 1 (ConfigMap db): data.port is a number, not a string (quote it)"),
                Arguments.of(
                        "number in Secret stringData",
                        "a",
                        oneManifest(manifest("v1", "Secret", "db", Map.of("stringData", Map.of("pin", 8675309)))),
                        invalid,
                        "(Secret db): stringData.pin is a number, not a string (quote it)"),
                Arguments.of(
                        "plain text in Secret data",
                        "a",
                        oneManifest(manifest("v1", "Secret", "db", Map.of("data", Map.of("password", "hunter2!")))),
                        invalid,
                        "(Secret db): data.password is not base64 (plain text goes in stringData)"),
                Arguments.of(
                        "boolean in ConfigMap binaryData",
                        "a",
                        oneManifest(manifest("v1", "ConfigMap", "db", Map.of("binaryData", Map.of("blob", true)))),
                        invalid,
                        "binaryData.blob is a boolean, not a base64 string"),
                Arguments.of(
                        "number as a label value",
                        "a",
                        oneManifest(manifest(
                                "v1",
                                "ConfigMap",
                                "db",
                                Map.of("metadata", Map.of("name", "db", "labels", Map.of("version", 2))))),
                        invalid,
                        "(ConfigMap db): metadata.labels.version is a number, not a string"),
                Arguments.of(
                        "number as a Deployment's env value",
                        "a",
                        oneManifest(manifest(
                                "apps/v1",
                                "Deployment",
                                "web",
                                Map.of(
                                        "spec",
                                        Map.of(
                                                "template",
                                                Map.of(
                                                        "spec",
                                                        Map.of(
                                                                "containers",
                                                                List.of(Map.of(
                                                                        "name",
                                                                        "web",
                                                                        "image",
                                                                        "i",
                                                                        "env",
                                                                        List.of(Map.of(
                                                                                "name", "PORT", "value", 8080)))))))))),
                        invalid,
                        "(Deployment web): spec.template.spec.containers[0].env[0].value (PORT) is a number"),
                Arguments.of(
                        "every type error listed",
                        "a",
                        oneManifest(manifest("v1", "ConfigMap", "db", Map.of("data", Map.of("a", 1, "b", 2.5)))),
                        invalid,
                        "data.a is a number"),
                Arguments.of(
                        "CEL that does not compile",
                        "a",
                        components(new ComponentModel(
                                "a",
                                List.of(deployment("a")),
                                List.of(),
                                List.of(new CelOverride("Deployment", "self.status.(", null)))),
                        Reasons.INVALID_EXPRESSION,
                        "component 'a', health for Deployment: readyWhen does not compile"),
                Arguments.of(
                        "CEL nested beyond the parser's limit",
                        "a",
                        components(new ComponentModel(
                                "a",
                                List.of(deployment("a")),
                                List.of(),
                                List.of(new CelOverride(
                                        "Deployment", "(".repeat(60) + "true" + ")".repeat(60), null)))),
                        Reasons.INVALID_EXPRESSION,
                        "readyWhen does not compile: Expression recursion limit exceeded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void invalidSpecFailsWithReasonAndAppliesNothing(
            String name,
            String notation,
            Function<EnvironmentModel, EnvironmentModel> change,
            String reason,
            String message) {
        Plan plan = new Cluster(change.apply(env(notation))).planOnly();

        assertThatPlan(plan)
                .appliesNothing()
                .hasPhase(EnvironmentPhase.Failed)
                .hasCondition("Ready", "False", reason)
                .hasCondition("Failed", "True", reason)
                .conditionMessageContains("Ready", message);
        assertThat(plan.wakeAt()).isEmpty();
    }

    static Stream<Arguments> allowedSpecs() {
        return Stream.of(
                Arguments.of(
                        "cluster-scoped kind on the allow-list by kind",
                        PlannerPolicy.allowing("CustomResourceDefinition"),
                        oneManifest(crd("w.example.com"))),
                Arguments.of(
                        "cluster-scoped kind on the allow-list by kind and group",
                        PlannerPolicy.allowing("customresourcedefinition.apiextensions.k8s.io"),
                        oneManifest(crd("w.example.com"))),
                Arguments.of(
                        "RoleBinding with a ServiceAccount: RBAC decides",
                        PlannerPolicy.defaults(),
                        asServiceAccount(
                                "deployer",
                                oneManifest(manifest("rbac.authorization.k8s.io/v1", "RoleBinding", "grant")))),
                Arguments.of(
                        "token Secret with a ServiceAccount",
                        PlannerPolicy.defaults(),
                        asServiceAccount(
                                "deployer",
                                oneManifest(manifest(
                                        "v1",
                                        "Secret",
                                        "token",
                                        Map.of("type", "kubernetes.io/service-account-token"))))),
                Arguments.of(
                        "Pod as another ServiceAccount with a ServiceAccount",
                        PlannerPolicy.defaults(),
                        asServiceAccount(
                                "deployer", oneManifest(manifest("v1", "Pod", "p", Map.of("spec", podSpec("admin")))))),
                Arguments.of(
                        "Pod as the default ServiceAccount",
                        PlannerPolicy.defaults(),
                        oneManifest(manifest("v1", "Pod", "p", Map.of("spec", podSpec("default"))))),
                Arguments.of(
                        "strings and base64 where the schema wants them",
                        PlannerPolicy.defaults(),
                        oneManifest(manifest(
                                "v1",
                                "Secret",
                                "s",
                                Map.of(
                                        "data",
                                        Map.of("password", "aHVudGVyMg=="),
                                        "stringData",
                                        Map.of("port", "5432"))))),
                Arguments.of(
                        "an opaque Secret",
                        PlannerPolicy.defaults(),
                        oneManifest(manifest("v1", "Secret", "s", Map.of("type", "Opaque")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowedSpecs")
    void allowedSpecIsApplied(String name, PlannerPolicy policy, Function<EnvironmentModel, EnvironmentModel> change) {
        Plan plan = new Cluster(change.apply(env("a")), policy).planOnly();

        assertThatPlan(plan).applies("a").hasPhase(EnvironmentPhase.Progressing);
    }

    @Test
    void anUnresolvedServiceAccountAppliesNothingAndIsLookedAtAgain() {
        EnvironmentModel env = Specs.withServiceAccount(env("a"), "deployer");
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        Plan plan = new Planner(ReadinessRules.standard(), new CelHealth(), PlannerPolicy.defaults())
                .plan(
                        env,
                        Observation.unresolvedIdentity("ServiceAccount deployer does not exist"),
                        History.none(),
                        now);

        assertThatPlan(plan)
                .appliesNothing()
                .hasPhase(EnvironmentPhase.Failed)
                .hasCondition("Ready", "False", Reasons.SERVICE_ACCOUNT_REQUIRED)
                .conditionMessageContains("Ready", "ServiceAccount deployer does not exist");
        assertThat(plan.wakeAt()).contains(now.plusSeconds(5));
    }

    @Test
    void reportsEveryErrorInOneMessage() {
        EnvironmentModel env = Specs.withTimeout(env("a: b; b: a; c: ghost"), "soon");

        Plan plan = new Cluster(env).planOnly();

        assertThatPlan(plan)
                .conditionMessageContains(
                        "Ready", "dependency cycle", "unknown component 'ghost'", "spec.timeout 'soon'");
    }

    @Test
    void componentsOfAnInvalidSpecArePendingWithTheirGateConditions() {
        Plan plan = new Cluster(env("a: b; b: a")).planOnly();

        assertThatPlan(plan)
                .inPhase(ComponentPhase.Pending, "a", "b")
                .hasCondition("component.testenv.io/a", "False", Reasons.INVALID_SPEC)
                .hasCondition("component.testenv.io/b", "False", Reasons.INVALID_SPEC);
    }
}
