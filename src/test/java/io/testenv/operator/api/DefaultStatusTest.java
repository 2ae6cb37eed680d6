package io.testenv.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.testenv.operator.controlplane.ControlPlane;
import io.testenv.operator.controlplane.Crds;
import io.testenv.operator.testing.Kstatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Before the operator's first status write, a new environment has no status of its own, and kstatus would read that
 * as Current (done). The CRD's status default closes that window: judged by kstatus itself on a real
 * kube-apiserver with no operator running, so nothing can write a status in between.
 */
class DefaultStatusTest {

    static KubeAPIServer server;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(ControlPlane.kubeApiTestDirectory().toString())
                .withApiServerVersion(ControlPlane.kubernetesVersion())
                .withOfflineMode(true)
                .withStartupTimeout(120_000)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .build());
        server.start();
        client = new KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(server.getKubeConfigYaml()))
                .build();
        Crds.install(client, Path.of("crds", "testenvironments.testenv.io-v1.yml"));
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("fresh")
                        .endMetadata()
                        .build())
                .create();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aNewEnvironmentIsInProgressUntilTheOperatorWritesItsStatus() {
        client.genericKubernetesResources("testenv.io/v1alpha1", "TestEnvironment")
                .inNamespace("fresh")
                .resource(environment("new"))
                .create();
        Kstatus kstatus = new Kstatus(client);

        Kstatus.Verdict before = kstatus.of("fresh", "new");
        assertThat(before.status()).isEqualTo("InProgress");
        assertThat(before.message()).contains("observed generation is 0");

        // the operator's first status, as it writes it: every condition, by server-side apply of the status
        Map<String, Object> status = Map.of(
                "observedGeneration",
                1,
                "phase",
                "Ready",
                "conditions",
                List.of(
                        condition("Ready", "True", "AllComponentsReady"),
                        condition("Failed", "False", "NoFailure"),
                        condition("Reconciling", "False", "AllComponentsReady"),
                        condition("Stalled", "False", "NoFailure")));
        GenericKubernetesResource patch = environment("new");
        patch.setAdditionalProperty("status", status);
        patch.setAdditionalProperty("spec", null);
        client.genericKubernetesResources("testenv.io/v1alpha1", "TestEnvironment")
                .inNamespace("fresh")
                .withName("new")
                .subresource("status")
                .patch(
                        new PatchContext.Builder()
                                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                                .withFieldManager("testenv-operator")
                                .withForce(true)
                                .build(),
                        client.getKubernetesSerialization().asJson(patch));

        assertThat(kstatus.of("fresh", "new").status()).isEqualTo("Current");
        GenericKubernetesResource written = client.genericKubernetesResources("testenv.io/v1alpha1", "TestEnvironment")
                .inNamespace("fresh")
                .withName("new")
                .get();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conditions = (List<Map<String, Object>>)
                ((Map<String, Object>) written.getAdditionalProperties().get("status")).get("conditions");
        assertThat(conditions)
                .filteredOn(c -> "Reconciling".equals(c.get("type")))
                .singleElement()
                .satisfies(c -> assertThat(c.get("status")).isEqualTo("False"));
    }

    private static GenericKubernetesResource environment(String name) {
        return client.getKubernetesSerialization().unmarshal("""
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: %s, namespace: fresh}
                spec:
                  components:
                  - name: app
                    manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: app}}]
                """.formatted(name), GenericKubernetesResource.class);
    }

    private static Map<String, Object> condition(String type, String status, String reason) {
        return Map.of(
                "type",
                type,
                "status",
                status,
                "reason",
                reason,
                "message",
                "",
                "lastTransitionTime",
                "2026-12-02T00:00:00Z",
                "observedGeneration",
                1);
    }
}
