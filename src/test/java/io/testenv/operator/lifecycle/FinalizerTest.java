package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The teardown finalizer is on an environment only while its deletion needs the operator (a cluster-scoped object,
 * a kind not served yet, a reverse teardown), on the real API server: an environment of namespaced objects only is
 * labelled {@code testenv.io/teardown: garbage-collection}, carries no finalizer and is deleted at once; one with
 * a CRD carries the finalizer before the CRD is created, and loses it when an edit prunes the CRD; an edit that
 * adds one back puts it back.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class FinalizerTest {

    static final String FINALIZER = "testenvironments.testenv.io/finalizer";
    static final String LABEL = "testenv.io/teardown";
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
        ns = "finalizer-" + (++counter);
        tenants.namespace(ns);
    }

    static final String NAMESPACED = """
            - name: config
              manifests:
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: config}}
            """;

    String withCrd() {
        return NAMESPACED + """
                - name: crds
                  manifests:
                  - apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: %1$ss.example.com}
                    spec:
                      group: example.com
                      names: {kind: Fin%2$d, plural: %1$ss}
                      scope: Namespaced
                      versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                """.formatted(ns, counter);
    }

    List<String> finalizers(String name) {
        return Optional.ofNullable(tenants.get(ns, name).getMetadata().getFinalizers())
                .orElse(List.of());
    }

    String label(String name) {
        return Optional.ofNullable(tenants.get(ns, name).getMetadata().getLabels())
                .orElse(Map.of())
                .get(LABEL);
    }

    void edit(String name, String components) {
        tenants.replaceComponents(ns, name, components);
    }

    void awaitReadyAtItsGeneration(String name) {
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> {
            TestEnvironment env = tenants.get(ns, name);
            return env.getStatus() != null
                    && env.getMetadata().getGeneration().equals(env.getStatus().getObservedGeneration())
                    && env.getStatus().getConditions().stream()
                            .anyMatch(c ->
                                    c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
    }

    @Test
    void namespacedObjectsOnlyNeedNoFinalizerAndTheEnvironmentGoesAtOnce() {
        tenants.create(ns, Tenants.env("plain", NAMESPACED));
        tenants.await(ns, "plain", "Ready", "True");
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> "garbage-collection".equals(label("plain")));
        assertThat(finalizers("plain")).doesNotContain(FINALIZER);

        admin.resources(TestEnvironment.class).inNamespace(ns).withName("plain").delete();
        assertThat(tenants.get(ns, "plain"))
                .as("deleted at once: nothing waits for the operator")
                .isNull();
    }

    /**
     * The teardown controller's finalizer can land just after the label went on (its apply carries no
     * resourceVersion): the change is seen, though no generation changed, and the finalizer goes again, so that a
     * later deletion does not wait for a controller that no longer looks at the environment.
     */
    @Test
    void aFinalizerThatLandsAfterTheLabelIsTakenOffAgain() {
        tenants.create(ns, Tenants.env("late", NAMESPACED));
        tenants.await(ns, "late", "Ready", "True");
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> "garbage-collection".equals(label("late"))
                        && !finalizers("late").contains(FINALIZER));

        admin.resources(TestEnvironment.class).inNamespace(ns).withName("late").edit(env -> {
            env.getMetadata().getFinalizers().add(FINALIZER);
            return env;
        });

        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> !finalizers("late").contains(FINALIZER));
        admin.resources(TestEnvironment.class).inNamespace(ns).withName("late").delete();
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "late") == null);
    }

    @Test
    void aClusterScopedObjectHoldsTheFinalizerUntilAnEditPrunesIt() {
        String crd = ns + "s.example.com";
        tenants.create(ns, Tenants.env("crd", withCrd()));
        tenants.await(ns, "crd", "Ready", "True");
        assertThat(finalizers("crd")).contains(FINALIZER);
        assertThat(label("crd")).isNull();

        edit("crd", NAMESPACED);
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> !tenants.exists("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, crd));
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> !finalizers("crd").contains(FINALIZER) && "garbage-collection".equals(label("crd")));

        edit("crd", withCrd());
        awaitReadyAtItsGeneration("crd");
        assertThat(finalizers("crd"))
                .as("back before the CRD was applied again")
                .contains(FINALIZER);
        assertThat(label("crd")).isNull();
        assertThat(tenants.exists("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, crd))
                .isTrue();

        admin.resources(TestEnvironment.class).inNamespace(ns).withName("crd").delete();
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "crd") == null);
        // deleted by the operator before the finalizer went (a CRD takes a moment to go: its instances first)
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> !tenants.exists("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, crd));
    }

    @Test
    void aReverseTeardownHoldsTheFinalizer() {
        TestEnvironment env =
                admin.getKubernetesSerialization().unmarshal(Tenants.env("ordered", NAMESPACED), TestEnvironment.class);
        env.getSpec().setTeardown(io.testenv.operator.api.Teardown.Reverse);
        env.getMetadata().setNamespace(ns);
        admin.resource(env).create();
        tenants.await(ns, "ordered", "Ready", "True");
        assertThat(finalizers("ordered")).contains(FINALIZER);
        assertThat(label("ordered")).isNull();
    }
}
