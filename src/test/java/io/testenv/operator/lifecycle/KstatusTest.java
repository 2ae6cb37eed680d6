package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import io.testenv.operator.testing.Controllers;
import io.testenv.operator.testing.Kstatus;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What waiting tools read from an environment, judged by kstatus itself (Flux's health checks and wait, kpt, the
 * cli-utils applier, Helm 4's --wait): in progress through the whole bring-up and never done before Ready, Current
 * once Ready, Failed once failed.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class KstatusTest {

    static int counter;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    Kstatus kstatus;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        kstatus = new Kstatus(admin);
        ns = "kstatus-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void inProgressThroughTheBringUpAndCurrentOnlyOnceReady() {
        tenants.create(ns, Tenants.env("app", """
                - name: config
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: config}}]
                - name: web
                  dependsOn: [{component: config}]
                  manifests:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: nginx}]}
                """));
        List<Kstatus.Verdict> whileBringingUp = new ArrayList<>();
        whileBringingUp.add(kstatus.of(ns, "app"));
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> {
            whileBringingUp.add(kstatus.of(ns, "app"));
            return admin.apps().deployments().inNamespace(ns).withName("web").get() != null
                    && tenants.condition(ns, "app", "Ready").isPresent();
        });
        whileBringingUp.add(kstatus.of(ns, "app"));
        assertThat(tenants.condition(ns, "app", "Ready"))
                .get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(whileBringingUp).extracting(Kstatus.Verdict::status).containsOnly("InProgress");
        assertThat(tenants.condition(ns, "app", "Reconciling"))
                .get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));

        new Controllers(admin).markDeploymentReady(ns, "web");
        tenants.await(ns, "app", "Ready", "True");

        assertThat(kstatus.of(ns, "app").status()).isEqualTo("Current");
        assertThat(tenants.condition(ns, "app", "Reconciling"))
                .get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(tenants.condition(ns, "app", "Stalled"))
                .get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
    }

    @Test
    void failedOnceTheEnvironmentFails() {
        tenants.create(ns, Tenants.env("broken", """
                - name: app
                  health: [{kind: ConfigMap, failedWhen: "true"}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: app}}]
                """));
        tenants.await(ns, "broken", "Failed", "True");

        Kstatus.Verdict verdict = kstatus.of(ns, "broken");
        assertThat(verdict.status()).isEqualTo("Failed");
        assertThat(tenants.condition(ns, "broken", "Stalled")).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("ComponentFailed");
            assertThat(c.getObservedGeneration()).isEqualTo(1L);
        });
        assertThat(verdict.message())
                .isEqualTo(
                        tenants.condition(ns, "broken", "Failed").orElseThrow().getMessage());
    }
}
