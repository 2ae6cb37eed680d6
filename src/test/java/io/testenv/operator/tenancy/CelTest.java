package io.testenv.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;

/**
 * CEL overrides on the real API server: nothing they read is echoed into the status or Events, and an expression
 * that does not compile or loops fails with a clear reason.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class CelTest {

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
        ns = "cel-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void celNeverEchoesWhatItReads() {
        tenants.create(ns, Tenants.env("leak", """
                - name: app
                  health:
                  - {kind: Secret, readyWhen: "self.data.password"}
                  - {kind: ConfigMap, readyWhen: "self.data.password"}
                  manifests:
                  - {apiVersion: v1, kind: Secret, metadata: {name: creds}, stringData: {password: hunter2}}
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: creds}, data: {password: hunter2}}
                """).replace("timeout: 20s", "timeout: 3s"));

        tenants.assertRefused(ns, "leak", "TimedOut");
        assertThat(admin.getKubernetesSerialization().asYaml(tenants.get(ns, "leak").getStatus())).contains(
                "self.data.password gave a value of type string, not a boolean", "waiting for self.data (");
        tenants.assertNowhere(ns, "leak", "hunter2");
        tenants.assertNowhere(ns, "leak", "aHVudGVyMg");
    }

    @Test
    void celThatDoesNotCompileOrLoopsFailsWithAClearReason() {
        String ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
        tenants.create(ns, Tenants.env("broken", """
                - name: app
                  health: [{kind: ConfigMap, readyWhen: "self.data.("}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: broken}}]
                """));
        tenants.create(ns, Tenants.env("loops", """
                - name: app
                  health: [{kind: ConfigMap, readyWhen: "%s"}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: loops}}]
                """.formatted(ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, " + ten + ".all(d, " + ten
                + ".all(e, a + b + c + d + e > 0)))))")));

        tenants.assertRefused(ns, "broken", "InvalidExpression", "health for ConfigMap: readyWhen does not compile");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "broken")).isFalse();
        tenants.assertRefused(ns, "loops", "ComponentFailed", "evaluation stopped after");
        tenants.assertStillServing(ns);
    }
}
