package io.testenv.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.ComponentSpec;
import io.testenv.operator.api.Dependency;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.GateCondition;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.testing.Controllers;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against a real kube-apiserver: it applies with server-side apply, watches what it applied, opens
 * gates as the controllers (played by {@link Controllers}, as no controller-manager runs) report readiness
 * through the status subresource, and reports through conditions and Events.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class OperatorTest {

    static int counter;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient client;
    Controllers controllers;
    ServerEnvironments environments;
    String ns;

    @BeforeEach
    void setUp() {
        client = api.client();
        controllers = new Controllers(client);
        environments = new ServerEnvironments(client);
        ns = "operator-test-" + (++counter);
    }

    @Test
    void bringsUpDataStorageGateByGate() {
        environments.create(environments.sample("datastorage.yaml", ns));

        GenericKubernetesResource postgres = environments.awaitObject("apps/v1", "StatefulSet", ns, "postgres");
        environments.awaitObject("apps/v1", "Deployment", ns, "redis");
        environments.awaitStatus(ns, "datastorage", e -> e.getStatus().getPhase() == EnvironmentPhase.Progressing);
        assertThat(environments.component(ns, "datastorage", "postgres").getAppliedAt())
                .as("postgres and redis applied in the same reconcile")
                .isEqualTo(environments.component(ns, "datastorage", "redis").getAppliedAt());
        assertThat(environments.exists("batch/v1", "Job", ns, "migrations")).isFalse();
        assertThat(environments.component(ns, "datastorage", "migrations").getMessage())
                .isEqualTo("waiting for gate postgres=Ready");

        controllers.markDeploymentReady(ns, "redis");
        environments.awaitStatus(
                ns, "datastorage", e -> e.getStatus().getComponents().get(1).getPhase() == ComponentPhase.Ready);
        assertThat(environments.exists("batch/v1", "Job", ns, "migrations")).isFalse();

        controllers.markStatefulSetReady(ns, "postgres");
        environments.awaitObject("batch/v1", "Job", ns, "migrations");
        assertThat(environments.exists("apps/v1", "Deployment", ns, "datastorage"))
                .isFalse();

        controllers.completeJob(ns, "migrations");
        environments.awaitObject("apps/v1", "Deployment", ns, "datastorage");
        controllers.markDeploymentReady(ns, "datastorage");

        Condition ready = environments.awaitCondition(ns, "datastorage", "Ready", "True");
        assertThat(ready.getReason()).isEqualTo("AllComponentsReady");
        TestEnvironment env = environments.get(ns, "datastorage");
        assertThat(ready.getObservedGeneration()).isEqualTo(env.getMetadata().getGeneration());
        assertThat(env.getStatus().getPhase()).isEqualTo(EnvironmentPhase.Ready);
        assertThat(env.getStatus().getReadyComponents()).isEqualTo("4/4");
        for (String component : List.of("postgres", "redis", "migrations", "datastorage")) {
            assertThat(environments.condition(ns, "datastorage", "component.testenv.io/" + component))
                    .get()
                    .extracting(Condition::getStatus)
                    .isEqualTo("True");
        }
        assertThat(env.getStatus().getTiming().getReadyAt()).isNotNull();
        assertThat(env.getStatus().getTiming().getCriticalPath())
                .containsExactly("postgres", "migrations", "datastorage");
        assertThat(env.getStatus().getTiming().getSequentialSeconds())
                .isGreaterThanOrEqualTo(env.getStatus().getTiming().getCriticalPathSeconds());
        assertThat(env.getStatus().getTiming().getElapsedSeconds()).isPositive();
        assertThat(environments.component(ns, "datastorage", "migrations").getBlockedSeconds())
                .isPositive();
        assertThat(environments.component(ns, "datastorage", "redis").getReadySeconds())
                .isNotNull();
        await().atMost(ServerEnvironments.TIMEOUT)
                .until(() -> environments.eventReasons(ns, "datastorage").stream()
                        .anyMatch(e -> e.startsWith("AllComponentsReady")));
        assertThat(environments.eventReasons(ns, "datastorage"))
                .as("each transition recorded once")
                .filteredOn(e -> e.startsWith("WaitingForGate component migrations"))
                .hasSize(1);
        assertThat(environments.eventReasons(ns, "datastorage"))
                .as("the starting Ready=False is no transition")
                .noneMatch(e -> e.startsWith("WaitingForComponents"));
        assertThat(postgres.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void stampsLabelsAndOwnerReferencesOnEveryObjectAndPodTemplate() {
        environments.create(environments.sample("datastorage.yaml", ns));

        GenericKubernetesResource postgres = environments.awaitObject("apps/v1", "StatefulSet", ns, "postgres");
        GenericKubernetesResource secret = environments.awaitObject("v1", "Secret", ns, "postgres-credentials");
        TestEnvironment env = environments.get(ns, "datastorage");

        for (GenericKubernetesResource object : List.of(postgres, secret)) {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry("testenv.io/environment", "datastorage")
                    .containsEntry("testenv.io/environment-namespace", ns)
                    .containsEntry("testenv.io/component", "postgres");
            assertThat(object.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(owner -> {
                        assertThat(owner.getKind()).isEqualTo("TestEnvironment");
                        assertThat(owner.getUid()).isEqualTo(env.getMetadata().getUid());
                        assertThat(owner.getController()).isTrue();
                    });
        }
        assertThat(ServerEnvironments.at(postgres, "spec", "template", "metadata", "labels"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("app", "postgres")
                .containsEntry("testenv.io/component", "postgres");
    }

    @Test
    void failedMigrationsFailTheEnvironmentAtOnceAndNothingDownstreamIsCreated() {
        environments.create(environments.sample("datastorage.yaml", ns));
        environments.awaitObject("apps/v1", "StatefulSet", ns, "postgres");
        controllers.markDeploymentReady(ns, "redis");
        controllers.markStatefulSetReady(ns, "postgres");
        environments.awaitObject("batch/v1", "Job", ns, "migrations");

        controllers.failJob(ns, "migrations", "BackoffLimitExceeded", "Job has reached the specified backoff limit");

        Condition failed = environments.awaitCondition(ns, "datastorage", "Failed", "True");
        assertThat(failed.getReason()).isEqualTo("ComponentFailed");
        assertThat(failed.getMessage()).contains("migrations", "Job migrations", "BackoffLimitExceeded");
        Condition ready = environments.condition(ns, "datastorage", "Ready").orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ComponentFailed");
        assertThat(environments.get(ns, "datastorage").getStatus().getPhase()).isEqualTo(EnvironmentPhase.Failed);
        assertThat(environments.component(ns, "datastorage", "datastorage").getReason())
                .isEqualTo("DependencyFailed");
        assertThat(environments.exists("apps/v1", "Deployment", ns, "datastorage"))
                .isFalse();
        assertThat(environments.exists("v1", "ConfigMap", ns, "datastorage-config"))
                .isFalse();
        await().atMost(ServerEnvironments.TIMEOUT)
                .until(() -> environments.eventReasons(ns, "datastorage").stream()
                        .anyMatch(e -> e.startsWith("ComponentFailed")));
    }

    @Test
    void cycleIsAnInvalidSpecAndNothingIsCreated() {
        TestEnvironment env =
                environment("cyclic", component("a", "c"), component("b", "a"), component("c", "b"), component("d"));

        environments.create(env);

        Condition ready = environments.awaitCondition(ns, "cyclic", "Failed", "True");
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        Condition notReady = environments.condition(ns, "cyclic", "Ready").orElseThrow();
        assertThat(notReady.getStatus()).isEqualTo("False");
        assertThat(notReady.getReason()).isEqualTo("InvalidSpec");
        assertThat(notReady.getMessage()).contains("dependency cycle: a -> c -> b -> a");
        for (String name : List.of("a", "b", "c", "d")) {
            assertThat(environments.exists("v1", "ConfigMap", ns, name))
                    .as(name)
                    .isFalse();
        }
    }

    @Test
    void twentyIndependentComponentsAreAppliedInOnePass() {
        ComponentSpec[] components =
                IntStream.rangeClosed(1, 20).mapToObj(i -> component("c" + i)).toArray(ComponentSpec[]::new);

        environments.create(environment("wide", components));

        environments.awaitCondition(ns, "wide", "Ready", "True");
        TestEnvironment env = environments.get(ns, "wide");
        assertThat(env.getStatus().getComponents())
                .hasSize(20)
                .allSatisfy(c -> assertThat(c.getPhase()).isEqualTo(ComponentPhase.Ready));
        assertThat(env.getStatus().getComponents().stream()
                        .map(c -> c.getAppliedAt())
                        .distinct())
                .as("one appliedAt: every component applied in the same reconcile")
                .hasSize(1);
        for (int i = 1; i <= 20; i++) {
            assertThat(environments.exists("v1", "ConfigMap", ns, "c" + i)).isTrue();
        }
    }

    @Test
    void appliedGateOpensInTheSameReconcile() {
        ComponentSpec app = component("app");
        app.setDependsOn(List.of(new Dependency("db", GateCondition.Applied)));
        app.setManifests(List.of(deployment("app")));
        ComponentSpec db = component("db");
        db.setManifests(List.of(deployment("db")));

        environments.create(environment("applied-gate", db, app));

        environments.awaitObject("apps/v1", "Deployment", ns, "app");
        await().atMost(ServerEnvironments.TIMEOUT)
                .until(() -> environments.eventReasons(ns, "applied-gate").stream()
                        .anyMatch(e -> e.equals("Progressing component app: Deployment app: no status reported yet")));
        assertThat(environments.eventReasons(ns, "applied-gate"))
                .as("app never waited: its gate opened in the reconcile that applied db")
                .noneMatch(e -> e.contains("component app") && e.startsWith("WaitingForGate"));
    }

    @Test
    void podProblemsOfAWorkloadAppearInItsComponentsMessage() {
        ComponentSpec web = component("web");
        web.setManifests(List.of(deployment("web")));
        environments.create(environment("pods", web));
        environments.awaitObject("apps/v1", "Deployment", ns, "web");

        controllers.createPodOf("apps/v1", "Deployment", ns, "web", "web-7d4b9-x2x");
        controllers.setPodWaiting(
                ns, "web-7d4b9-x2x", "web", "ImagePullBackOff", "Back-off pulling image \"ghcr.io/example/web:nope\"");

        environments.awaitStatus(
                ns,
                "pods",
                e -> e.getStatus()
                        .getComponents()
                        .get(0)
                        .getMessage()
                        .contains("pod web-7d4b9-x2x: container web: ImagePullBackOff"));
    }

    @Test
    void environmentCannotTakeOverAnotherEnvironmentsObject() {
        environments.create(environment("first", component("shared")));
        environments.awaitCondition(ns, "first", "Ready", "True");
        String firstOwner = environments.get(ns, "first").getMetadata().getUid();

        environments.create(environment("second", component("shared")));

        Condition failed = environments.awaitCondition(ns, "second", "Failed", "True");
        assertThat(failed.getMessage())
                .contains(
                        "ConfigMap shared already exists and was not created by this environment",
                        "labelled for TestEnvironment " + ns + "/first",
                        "it is left alone");
        assertThat(environments.component(ns, "second", "shared").getReason()).isEqualTo("Conflict");
        GenericKubernetesResource shared = environments.object("v1", "ConfigMap", ns, "shared");
        assertThat(shared.getMetadata().getLabels()).containsEntry("testenv.io/environment", "first");
        assertThat(shared.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(firstOwner));
        assertThat(environments.condition(ns, "first", "Ready"))
                .get()
                .extracting(Condition::getStatus)
                .isEqualTo("True");
    }

    @Test
    void customKindIsWatchedFromItsFirstUseAndItsReadyConditionOpensTheGate() {
        String plural = "widgets" + counter;
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd(plural))
                .create();
        ComponentSpec widget = new ComponentSpec("widget");
        widget.setManifests(List.of(widget(plural, "w1")));
        widget.setHealth(List.of(new io.testenv.operator.api.HealthCheck(
                kind(plural), "self.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')", null)));
        ComponentSpec app = component("app", "widget");

        environments.create(environment("custom", widget, app));

        environments.awaitStatus(
                ns, "custom", e -> e.getStatus().getComponents().get(0).getPhase() == ComponentPhase.Progressing);
        assertThat(environments
                        .component(ns, "custom", "widget")
                        .getObjects()
                        .get(0)
                        .getReason())
                .isEqualTo("NotYetEvaluable");
        assertThat(environments.exists("v1", "ConfigMap", ns, "app")).isFalse();
        setWidgetReady(plural, "w1");
        environments.awaitCondition(ns, "custom", "Ready", "True");
        assertThat(environments.exists("v1", "ConfigMap", ns, "app")).isTrue();
    }

    @Test
    void kindNotServedYetIsAppliedOnceItsCrdExists() {
        String plural = "gadgets" + counter;
        ComponentSpec gadget = new ComponentSpec("gadget");
        gadget.setManifests(List.of(widget(plural, "g1")));
        environments.create(environment("early", gadget));
        environments.awaitStatus(
                ns,
                "early",
                e -> "KindNotServed".equals(e.getStatus().getComponents().get(0).getReason()));
        assertThat(environments.component(ns, "early", "gadget").getMessage()).contains("is not served");

        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd(plural))
                .create();

        environments.awaitObject("example.com/v1", kind(plural), ns, "g1");
        setWidgetReady(plural, "g1");
        environments.awaitCondition(ns, "early", "Ready", "True");
    }

    @Test
    void timeoutFailsTheEnvironmentNamingWhatIsNotReady() {
        ComponentSpec web = component("web");
        web.setManifests(List.of(deployment("web")));
        TestEnvironment env = environment("slow", component("config"), web);
        env.getSpec().setTimeout("2s");

        environments.create(env);

        Condition failed = environments.awaitCondition(ns, "slow", "Failed", "True");
        assertThat(failed.getReason()).isEqualTo("TimedOut");
        assertThat(failed.getMessage()).contains("not ready after 2s", "web (Progressing: Deployment web");
        assertThat(failed.getMessage()).doesNotContain("config (");
    }

    static String kind(String plural) {
        return Character.toUpperCase(plural.charAt(0)) + plural.substring(1, plural.length() - 1);
    }

    static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd(String plural) {
        return io.testenv.operator.testing.Manifests.crd("example.com", plural, kind(plural));
    }

    static GenericKubernetesResource widget(String plural, String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("example.com/v1")
                .withKind(kind(plural))
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToAdditionalProperties("spec", java.util.Map.of("size", 1))
                .build();
    }

    void setWidgetReady(String plural, String name) {
        GenericKubernetesResource current = client.genericKubernetesResources("example.com/v1", kind(plural))
                .inNamespace(ns)
                .withName(name)
                .get();
        current.setAdditionalProperty(
                "status",
                java.util.Map.of(
                        "conditions",
                        List.of(java.util.Map.of(
                                "type", "Ready", "status", "True", "reason", "Provisioned", "message", "ready"))));
        client.genericKubernetesResources("example.com/v1", kind(plural))
                .resource(current)
                .updateStatus();
    }

    TestEnvironment environment(String name, ComponentSpec... components) {
        TestEnvironment env = new TestEnvironment();
        env.getMetadata().setName(name);
        env.getMetadata().setNamespace(ns);
        env.getSpec().setComponents(List.of(components));
        return env;
    }

    static ComponentSpec component(String name, String... dependsOn) {
        ComponentSpec component = new ComponentSpec(name);
        component.setManifests(List.of(new GenericKubernetesResourceBuilder()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToAdditionalProperties("data", java.util.Map.of("component", name))
                .build()));
        component.setDependsOn(java.util.Arrays.stream(dependsOn)
                .map(d -> new Dependency(d, GateCondition.Ready))
                .toList());
        return component;
    }

    static GenericKubernetesResource deployment(String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToAdditionalProperties(
                        "spec",
                        java.util.Map.of(
                                "replicas",
                                1,
                                "selector",
                                java.util.Map.of("matchLabels", java.util.Map.of("app", name)),
                                "template",
                                java.util.Map.of(
                                        "metadata",
                                        java.util.Map.of("labels", java.util.Map.of("app", name)),
                                        "spec",
                                        java.util.Map.of(
                                                "containers",
                                                List.of(java.util.Map.of(
                                                        "name", name, "image", "ghcr.io/example/" + name + ":1"))))))
                .build();
    }
}
