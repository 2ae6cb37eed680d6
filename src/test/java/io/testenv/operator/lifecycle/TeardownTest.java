package io.testenv.operator.lifecycle;

import static io.testenv.operator.tenancy.Tenants.rule;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.TenancyTest;
import io.testenv.operator.tenancy.Tenants;

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
    void objectsAlreadyGoneAndAKindNoLongerServedDoNotBlockDeletion() {
        String crd = "widgets" + counter + ".teardown.example.com";
        tenants.create(ns, TenancyTest.env("gone", """
                - name: crds
                  manifests:
                  - apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: %s}
                    spec:
                      group: teardown.example.com
                      names: {kind: Widget%d, plural: widgets%d}
                      scope: Namespaced
                      versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
                - name: widget
                  dependsOn: [{component: crds}]
                  manifests: [{apiVersion: teardown.example.com/v1, kind: Widget%d, metadata: {name: w}}]
                - name: config
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: config}}]
                """.formatted(crd, counter, counter, counter)));
        tenants.await(ns, "gone", "Ready", "True");
        admin.configMaps().inNamespace(ns).withName("config").delete();
        admin.apiextensions().v1().customResourceDefinitions().withName(crd).delete();
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> !tenants.exists("apiextensions.k8s.io/v1",
                "CustomResourceDefinition", null, crd));

        deleteAndAwaitGone("gone");
    }

    @Test
    void aDeletedServiceAccountDoesNotBlockDeletion() {
        tenants.serviceAccount(ns, "deployer", rule("", "configmaps", "get", "create", "patch", "delete", "list"));
        tenants.create(ns, TenancyTest.env("orphan", "deployer", """
                - name: config
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: config}}]
                """));
        tenants.await(ns, "orphan", "Ready", "True");
        admin.serviceAccounts().inNamespace(ns).withName("deployer").delete();
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> !tenants.exists("v1", "ServiceAccount", ns, "deployer"));

        deleteAndAwaitGone("orphan");
    }
}
