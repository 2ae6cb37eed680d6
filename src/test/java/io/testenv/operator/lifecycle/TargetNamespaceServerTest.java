package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
 * spec.targetNamespace on a real API server, with an operator that may create namespaces (the cluster-wide
 * variant): the namespace is created, labelled with the environment's uid and recorded in the status; objects
 * declared without a namespace land there and the outputs name it; it is found again, not made again, when the
 * status lost it; it goes with the environment; a namespace of the same prefix that is not the environment's is
 * never touched. There is no namespace controller here: a deleted namespace stays Terminating.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class TargetNamespaceServerTest {

    static final String UID_LABEL = "testenv.io/environment-uid";
    static int counter;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    String ns;
    String prefix;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        ns = "target-" + (++counter);
        prefix = "tn" + counter + "-";
        tenants.namespace(ns);
    }

    /** An environment with a ConfigMap declared without a namespace, one in its own namespace, and outputs. */
    String environment(String name) {
        return Tenants.env(name, """
                        - name: config
                          manifests:
                          - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {database: datastorage}}
                          - {apiVersion: v1, kind: ConfigMap, metadata: {name: here, namespace: %s}}
                        """.formatted(ns))
                        .replace(
                                "  timeout: 20s\n",
                                "  timeout: 20s\n  targetNamespace: {generateName: " + prefix + "}\n")
                + """
                  outputs:
                  - {name: NAMESPACE, value: "__namespace__"}
                  - {name: DATABASE, value: "objects['ConfigMap/settings'].data.database"}
                """;
    }

    Namespace namespace(String name, Map<String, String> labels) {
        return admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .build())
                .create();
    }

    List<Namespace> labelledWith(String uid) {
        return admin.namespaces().withLabel(UID_LABEL, uid).list().getItems();
    }

    String recorded(String name) {
        return Optional.ofNullable(tenants.get(ns, name).getStatus())
                .map(s -> s.getTargetNamespace())
                .orElse(null);
    }

    @Test
    void theNamespaceIsCreatedObjectsLandThereAndItGoesWithTheEnvironment() {
        // the same prefix, not the environment's: one unlabelled, one labelled for another environment
        namespace(prefix + "mine", Map.of());
        namespace(prefix + "other", Map.of(UID_LABEL, "0f6c1a2e-7d3b-4a59-9b1e-2c4d5e6f7a8b"));
        String uid = tenants.create(ns, environment("pooled")).getMetadata().getUid();

        tenants.await(ns, "pooled", "Ready", "True");
        TestEnvironment env = tenants.get(ns, "pooled");
        String target = env.getStatus().getTargetNamespace();
        assertThat(target).startsWith(prefix).isNotIn(prefix + "mine", prefix + "other");
        assertThat(labelledWith(uid)).as("one namespace for one environment").hasSize(1);
        Namespace made = admin.namespaces().withName(target).get();
        assertThat(made.getMetadata().getLabels())
                .containsEntry(UID_LABEL, uid)
                .containsEntry("testenv.io/environment", "pooled")
                .containsEntry("testenv.io/environment-namespace", ns);
        assertThat(made.getMetadata().getAnnotations()).containsEntry("testenv.io/environment-uid", uid);
        assertThat(env.getMetadata().getFinalizers())
                .as("a namespace cannot be owned by a namespaced object: the operator deletes it")
                .contains("testenvironments.testenv.io/finalizer");

        ConfigMap settings =
                admin.configMaps().inNamespace(target).withName("settings").get();
        assertThat(settings)
                .as("declared without a namespace: in the one made for it")
                .isNotNull();
        assertThat(settings.getMetadata().getAnnotations()).containsEntry("testenv.io/environment-uid", uid);
        assertThat(admin.configMaps().inNamespace(ns).withName("settings").get())
                .isNull();
        assertThat(admin.configMaps().inNamespace(ns).withName("here").get())
                .as("declared in the environment's namespace: stays there")
                .isNotNull();
        assertThat(env.getStatus().getOutputs())
                .containsEntry("NAMESPACE", target)
                .containsEntry("DATABASE", "datastorage");
        assertThat(env.getStatus().getComponents().get(0).getObjects())
                .extracting(o -> o.getNamespace() + "/" + o.getName())
                .containsExactly(target + "/settings", ns + "/here");

        admin.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName("pooled")
                .delete();
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "pooled") == null);
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> Optional.ofNullable(
                                admin.namespaces().withName(target).get())
                        .map(n -> n.getMetadata().getDeletionTimestamp() != null)
                        .orElse(true));
        assertThat(admin.namespaces()
                        .withName(prefix + "mine")
                        .get()
                        .getMetadata()
                        .getDeletionTimestamp())
                .as("same prefix, not the environment's")
                .isNull();
        assertThat(admin.namespaces()
                        .withName(prefix + "other")
                        .get()
                        .getMetadata()
                        .getDeletionTimestamp())
                .as("labelled for another environment")
                .isNull();
    }

    @Test
    void aNamespaceTheStatusLostIsFoundByItsUidLabelNotMadeAgain() {
        String uid = tenants.create(ns, environment("restarted")).getMetadata().getUid();
        tenants.await(ns, "restarted", "Ready", "True");
        String target = recorded("restarted");

        // as if the operator had stopped between creating the namespace and writing the status that records it
        admin.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName("restarted")
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"targetNamespace\":null}}");
        assertThat(recorded("restarted")).isNull();
        // a spec change makes the operator plan the environment again (as a restart would)
        tenants.edit(ns, "restarted", e -> e.getSpec().setTimeout("30s"));

        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> target.equals(recorded("restarted")));
        assertThat(labelledWith(uid)).extracting(n -> n.getMetadata().getName()).containsExactly(target);
        assertThat(tenants.condition(ns, "restarted", "Ready"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    }

    @Test
    void theTargetNamespaceCannotBeAddedChangedOrRemovedAfterCreation() {
        tenants.create(ns, environment("fixed"));
        tenants.create(ns, Tenants.env("plain", """
                - name: config
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: plain}}]
                """));

        assertThatThrownBy(() -> patchSpec("fixed", "{\"targetNamespace\":{\"generateName\":\"elsewhere-\"}}"))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("spec.targetNamespace cannot be changed");
        assertThatThrownBy(() -> patchSpec("fixed", "{\"targetNamespace\":null}"))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("cannot be added or removed");
        assertThatThrownBy(() -> patchSpec("plain", "{\"targetNamespace\":{\"generateName\":\"" + prefix + "\"}}"))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("cannot be added or removed");
        patchSpec("fixed", "{\"timeout\":\"30s\"}");
        assertThat(tenants.get(ns, "fixed").getSpec().getTimeout())
                .as("the rest of the spec may change")
                .isEqualTo("30s");
    }

    /** A merge patch of the spec, as kubectl patch --type merge makes it. */
    private void patchSpec(String name, String spec) {
        admin.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + spec + "}");
    }
}
