package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * spec.targetNamespace where the operator may not create namespaces (testenv.target-namespaces.enabled off, as in
 * the single-namespace and multi-tenant variants): the environment fails at once with reason
 * TargetNamespaceNotAllowed, and nothing is created, not the namespace, not its objects; others are still served.
 */
@QuarkusTest
@TestProfile(TargetNamespaceRefusedTest.NoNamespaces.class)
@WithTestResource(KubeApiServerResource.class)
class TargetNamespaceRefusedTest {

    public static class NoNamespaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("testenv.target-namespaces.enabled", "false");
        }
    }

    @InjectKubeApi
    KubeApi api;

    @Test
    void isRefusedWithAClearReasonAndNothingIsCreated() {
        KubernetesClient admin = api.client();
        Tenants tenants = new Tenants(admin);
        String ns = "refused";
        String uid = tenants.create(
                        ns,
                        Tenants.env("pooled", """
                                - name: config
                                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: settings}}]
                                """)
                                .replace(
                                        "  timeout: 20s\n",
                                        "  timeout: 20s\n  targetNamespace: {generateName: refused-tn-}\n"))
                .getMetadata()
                .getUid();

        tenants.assertRefused(
                ns,
                "pooled",
                "TargetNamespaceNotAllowed",
                "spec.targetNamespace",
                "may not create namespaces",
                "testenv.target-namespaces.enabled");
        assertThat(tenants.get(ns, "pooled").getStatus().getTargetNamespace()).isNull();
        assertThat(admin.namespaces()
                        .withLabel("testenv.io/environment-uid", uid)
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(admin.namespaces().list().getItems())
                .extracting(n -> n.getMetadata().getName())
                .noneMatch(name -> name.startsWith("refused-tn-"));
        assertThat(admin.configMaps()
                        .inAnyNamespace()
                        .withLabel("testenv.io/environment", "pooled")
                        .list()
                        .getItems())
                .isEmpty();
        tenants.assertStillServing(ns);
    }
}
