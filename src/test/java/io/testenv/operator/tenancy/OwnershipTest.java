package io.testenv.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ownership on the real API server: an object is an environment's only if it carries its uid; anything
 * else under a declared name is a Conflict, left unchanged, and survives the environment.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class OwnershipTest {

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
        ns = "ownership-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void unlabelledExistingObjectsAreAConflictAndStayUnchanged() {
        admin.secrets()
                .inNamespace(ns)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("db")
                        .endMetadata()
                        .addToStringData("password", "hunter2")
                        .build())
                .create();
        Deployment web = admin.apps()
                .deployments()
                .inNamespace(ns)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewSelector()
                        .addToMatchLabels("app", "web")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "web")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("web")
                        .withImage("registry.example/web:1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        String secretVersion = admin.secrets()
                .inNamespace(ns)
                .withName("db")
                .get()
                .getMetadata()
                .getResourceVersion();

        tenants.create(ns, Tenants.env("takeover", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: Secret, metadata: {name: db}, stringData: {password: swapped}}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: attacker.example/web:evil}]}
                """));

        tenants.assertRefused(
                ns,
                "takeover",
                "ComponentFailed",
                "already exists and was not created by this " + "environment",
                "it is left alone");
        assertThat(tenants.componentReason(ns, "takeover", "app")).isEqualTo("Conflict");
        assertThat(admin.secrets()
                        .inNamespace(ns)
                        .withName("db")
                        .get()
                        .getMetadata()
                        .getResourceVersion())
                .isEqualTo(secretVersion);
        Deployment after =
                admin.apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(after.getMetadata().getResourceVersion())
                .isEqualTo(web.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(Tenants.labelsOf(after)).doesNotContainKey("testenv.io/environment");
        assertThat(after.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("registry.example/web:1");
        tenants.assertNowhere(ns, "takeover", "hunter2");

        admin.resources(io.testenv.operator.api.TestEnvironment.class)
                .inNamespace(ns)
                .withName("takeover")
                .delete();
        org.awaitility.Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "takeover") == null);
        assertThat(tenants.exists("v1", "Secret", ns, "db")).isTrue();
        assertThat(tenants.exists("apps/v1", "Deployment", ns, "web")).isTrue();
        tenants.assertStillServing(ns);
    }

    @Test
    void copiedLabelsDoNotMakeAnObjectTheEnvironments() {
        admin.configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .addToLabels(Map.of(
                                "testenv.io/environment",
                                "copycat",
                                "testenv.io/environment-namespace",
                                ns,
                                "testenv.io/component",
                                "app"))
                        .endMetadata()
                        .addToData("mode", "production")
                        .build())
                .create();

        tenants.create(ns, Tenants.env("copycat", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: test}}
                """));

        tenants.assertRefused(ns, "copycat", "ComponentFailed", "ConfigMap settings already exists");
        assertThat(admin.configMaps().inNamespace(ns).withName("settings").get().getData())
                .containsEntry("mode", "production");
        tenants.assertStillServing(ns);
    }

    @Test
    void aFieldAnotherManagerOwnsIsAConflictNotForcedOverWhenDriftIsOnlyReported() {
        tenants.create(
                ns, Tenants.env("shared-field", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: test}}
                """).replace("  timeout: 20s\n", "  timeout: 20s\n  drift: Report\n"));
        tenants.await(ns, "shared-field", "Ready", "True");
        admin.configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .endMetadata()
                        .addToData("mode", "production")
                        .build())
                .fieldManager("platform-team")
                .forceConflicts()
                .serverSideApply();

        tenants.edit(
                ns,
                "shared-field",
                env -> env.getSpec()
                        .getComponents()
                        .get(0)
                        .getManifests()
                        .get(0)
                        .setAdditionalProperty("data", Map.of("mode", "test", "extra", "1")));

        tenants.assertRefused(
                ns,
                "shared-field",
                "ComponentFailed",
                "ConfigMap settings: Apply failed with 1 " + "conflict: conflict with \"platform-team\"",
                "it is left alone");
        assertThat(tenants.componentReason(ns, "shared-field", "app")).isEqualTo("Conflict");
        assertThat(admin.configMaps().inNamespace(ns).withName("settings").get().getData())
                .containsEntry("mode", "production")
                .doesNotContainKey("extra");
        tenants.assertStillServing(ns);
    }

    @Test
    void anExistingCrdOnTheAllowListIsAConflictAndSurvivesTheEnvironment() {
        admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(io.testenv.operator.testing.Manifests.crd("example.com", "gadgets", "Gadget"))
                .create();

        tenants.create(ns, Tenants.env("crd", """
                - name: app
                  manifests:
                  - apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: gadgets.example.com}
                    spec:
                      group: example.com
                      names: {kind: Gadget, plural: gadgets}
                      scope: Namespaced
                      versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                """));

        tenants.assertRefused(
                ns, "crd", "ComponentFailed", "CustomResourceDefinition gadgets.example.com already " + "exists");
        admin.resources(io.testenv.operator.api.TestEnvironment.class)
                .inNamespace(ns)
                .withName("crd")
                .delete();
        org.awaitility.Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "crd") == null);
        assertThat(tenants.exists("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "gadgets.example.com"))
                .isTrue();
    }
}
