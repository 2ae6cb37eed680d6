package io.testenv.operator.lifecycle;

import static io.testenv.operator.tenancy.Tenants.rule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleting an environment never hangs on the operator: not on objects already gone, kinds no longer served, or a deleted ServiceAccount. */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class TeardownTest {

    static int counter;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        ns = "teardown-" + (++counter);
        tenants.namespace(ns);
    }

    void deleteAndAwaitGone(String name) {
        admin.resources(TestEnvironment.class).inNamespace(ns).withName(name).delete();
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, name) == null);
    }

    @Test
    void aKindNoLongerServedAndItsObjectsAlreadyGoneDoNotBlockDeletion() {
        String plural = "widgets" + counter;
        admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(io.testenv.operator.testing.Manifests.crd("teardown.example.com", plural, "Widget" + counter))
                .create();
        tenants.create(ns, Tenants.env("gone", """
                - name: widget
                  health: [{kind: Widget%d, readyWhen: "true"}]
                  manifests: [{apiVersion: teardown.example.com/v1, kind: Widget%d, metadata: {name: w}}]
                - name: config
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: config}}]
                """.formatted(counter, counter)));
        tenants.await(ns, "gone", "Ready", "True");
        admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(plural + ".teardown.example.com")
                .delete();
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> !tenants.exists(
                        "apiextensions.k8s.io/v1", "CustomResourceDefinition", null, plural + ".teardown.example.com"));

        deleteAndAwaitGone("gone");
    }

    @Test
    void aDeletedServiceAccountDoesNotBlockDeletion() {
        tenants.serviceAccount(ns, "deployer", rule("", "configmaps", "get", "create", "patch", "delete", "list"));
        tenants.create(ns, Tenants.env("orphan", "deployer", """
                - name: config
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: config}}]
                """));
        tenants.await(ns, "orphan", "Ready", "True");
        admin.serviceAccounts().inNamespace(ns).withName("deployer").delete();
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> !tenants.exists("v1", "ServiceAccount", ns, "deployer"));

        deleteAndAwaitGone("orphan");
    }

    /** Whether the ConfigMap is being deleted (it stays, held by the test's finalizer, until released). */
    boolean terminating(String name) {
        var map = admin.configMaps().inNamespace(ns).withName(name).get();
        return map != null && map.getMetadata().getDeletionTimestamp() != null;
    }

    void release(String name) {
        admin.configMaps().inNamespace(ns).withName(name).edit(c -> {
            c.getMetadata().setFinalizers(java.util.List.of());
            return c;
        });
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> !tenants.exists("v1", "ConfigMap", ns, name));
    }

    @Test
    void reverseTeardownDeletesEachComponentOnlyOnceItsDependentsAreGone() {
        String held = "{apiVersion: v1, kind: ConfigMap, metadata: {name: %s, finalizers: [test.testenv.io/hold]}}";
        tenants.create(
                ns,
                Tenants.env("ordered", """
                - name: postgres
                  manifests: [%s]
                - name: migrations
                  dependsOn: [{component: postgres}]
                  manifests: [%s]
                - name: redis
                  manifests: [%s]
                - name: app
                  dependsOn: [{component: migrations}, {component: redis}]
                  manifests: [%s]
                """.formatted(
                                        held.formatted("postgres"),
                                        held.formatted("migrations"),
                                        held.formatted("redis"),
                                        held.formatted("app")))
                        .replace("  timeout: 20s\n", "  timeout: 2m\n  teardown: Reverse\n"));
        tenants.await(ns, "ordered", "Ready", "True");

        admin.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName("ordered")
                .delete();

        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> terminating("app"));
        org.assertj.core.api.Assertions.assertThat(java.util.List.of("postgres", "migrations", "redis"))
                .noneMatch(this::terminating);
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(
                        () -> admin.v1().events().inNamespace(ns).list().getItems().stream()
                                .anyMatch(
                                        e -> "TeardownHeld".equals(e.getReason())
                                                && e.getMessage()
                                                        .contains(
                                                                "ConfigMap app of component app is held by its finalizer test.testenv.io/hold")));
        release("app");
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> terminating("migrations") && terminating("redis"));
        org.assertj.core.api.Assertions.assertThat(terminating("postgres"))
                .as("postgres waits for migrations")
                .isFalse();
        release("redis");
        org.assertj.core.api.Assertions.assertThat(terminating("postgres")).isFalse();
        release("migrations");
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> terminating("postgres"));
        release("postgres");
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "ordered") == null);
    }
}
