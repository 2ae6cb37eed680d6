package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The environment's inventory is an ApplySet (KEP-3659) on the real API server: the TestEnvironment is its parent,
 * its objects are members; objects of removed components and manifests are pruned, cluster-scoped members go with
 * the environment even when its spec no longer names them, and nothing without the environment's uid is touched.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class InventoryTest {

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
        ns = "inventory-" + (++counter);
        tenants.namespace(ns);
    }

    static final String TWO_COMPONENTS = """
            - name: config
              manifests:
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: config}}
            - name: cache
              manifests:
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: cache}}
              - {apiVersion: v1, kind: Secret, metadata: {name: cache}, stringData: {password: p}}
            """;

    void edit(String name, String components) {
        tenants.replaceComponents(ns, name, components);
    }

    @Test
    void theEnvironmentIsTheParentOfAnApplySetOfItsObjects() {
        tenants.create(ns, Tenants.env("set", TWO_COMPONENTS));
        tenants.await(ns, "set", "Ready", "True");

        TestEnvironment parent = tenants.get(ns, "set");
        String id = parent.getMetadata().getLabels().get("applyset.kubernetes.io/id");
        assertThat(id).startsWith("applyset-").endsWith("-v1");
        assertThat(parent.getMetadata().getAnnotations())
                .containsEntry("applyset.kubernetes.io/contains-group-kinds", "ConfigMap,Secret")
                .containsEntry("applyset.kubernetes.io/tooling", "testenv-operator/v1alpha1");
        for (String kind : List.of("ConfigMap", "Secret")) {
            GenericKubernetesResource member = admin.genericKubernetesResources("v1", kind)
                    .inNamespace(ns)
                    .withName("cache")
                    .get();
            assertThat(member.getMetadata().getLabels()).containsEntry("applyset.kubernetes.io/part-of", id);
        }
    }

    @Test
    void objectsOfARemovedComponentArePrunedAndTheRestStays() {
        tenants.create(ns, Tenants.env("prune", TWO_COMPONENTS));
        tenants.await(ns, "prune", "Ready", "True");
        String id = tenants.get(ns, "prune").getMetadata().getLabels().get("applyset.kubernetes.io/id");
        admin.configMaps()
                .inNamespace(ns)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("planted")
                        .addToLabels(Map.of(
                                "testenv.io/environment",
                                "prune",
                                "testenv.io/environment-namespace",
                                ns,
                                "applyset.kubernetes.io/part-of",
                                id))
                        .endMetadata()
                        .build())
                .create();

        edit("prune", """
                - name: config
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: config}, data: {edited: "yes"}}
                """);

        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> !tenants.exists("v1", "ConfigMap", ns, "cache")
                        && !tenants.exists("v1", "Secret", ns, "cache"));
        tenants.await(ns, "prune", "Ready", "True");
        assertThat(admin.configMaps().inNamespace(ns).withName("config").get().getData())
                .containsEntry("edited", "yes");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "planted"))
                .as("a copied part-of label is not ours")
                .isTrue();
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> "ConfigMap"
                        .equals(tenants.get(ns, "prune")
                                .getMetadata()
                                .getAnnotations()
                                .get("applyset.kubernetes.io/contains-group-kinds")));
        assertThat(admin.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage())
                        .isEqualTo("Pruned deleted what the spec no longer declares: ConfigMap cache, Secret cache"));
    }

    @Test
    void aRemovedComponentsClusterScopedObjectIsPruned() {
        String crd = ns + "s.example.com";
        tenants.create(ns, Tenants.env("crd", """
                - name: config
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: config}}
                - name: crds
                  manifests:
                  - apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: %s}
                    spec:
                      group: example.com
                      names: {kind: Inv%s, plural: %ss}
                      scope: Namespaced
                      versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                """.formatted(crd, counter, ns)));
        tenants.await(ns, "crd", "Ready", "True");

        edit("crd", """
                - name: config
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: config}}
                """);

        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> !tenants.exists("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, crd));
        assertThat(tenants.exists("v1", "ConfigMap", ns, "config")).isTrue();
    }

    @Test
    void deletingTheEnvironmentDeletesItsClusterScopedMembersOnly() {
        String ours = ns + "s.example.com";
        tenants.create(ns, Tenants.env("teardown", """
                - name: crds
                  manifests:
                  - apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: %s}
                    spec:
                      group: example.com
                      names: {kind: Td%s, plural: %ss}
                      scope: Namespaced
                      versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                """.formatted(ours, counter, ns)));
        tenants.await(ns, "teardown", "Ready", "True");

        admin.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName("teardown")
                .delete();

        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "teardown") == null);
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> !tenants.exists("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, ours));
    }
}
