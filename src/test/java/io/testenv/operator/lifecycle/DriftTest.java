package io.testenv.operator.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import io.testenv.operator.testing.Controllers;
import io.testenv.operator.testing.Manifests;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift on the real API server: an object of a Ready environment changed by someone else (scaled, its image
 * swapped, its data edited) is seen from the watch event, and with spec.drift Correct applied again, with
 * Report reported and not ready until it holds what was declared again.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class DriftTest {

    static int counter;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    Controllers controllers;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        controllers = new Controllers(admin);
        ns = "drift-" + (++counter);
        tenants.namespace(ns);
    }

    static final String WEB_AND_SETTINGS = """
            - name: web
              manifests:
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: test}}
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: "registry.example/web:1", resources: {requests: {cpu: "0.5"}}}]}
            """;

    Deployment web() {
        return admin.apps().deployments().inNamespace(ns).withName("web").get();
    }

    void bringUp(String name, String yaml) {
        tenants.create(ns, yaml);
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> web() != null);
        controllers.markDeploymentReady(ns, "web");
        tenants.await(ns, name, "Ready", "True");
    }

    @Test
    void withCorrectAScaledDeploymentAnEditedImageAndEditedDataAreAppliedAgain() {
        bringUp("correct", Tenants.env("correct", WEB_AND_SETTINGS));
        long reconcilesBefore = reconciles();

        admin.apps().deployments().inNamespace(ns).withName("web").scale(0);
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> web().getSpec().getReplicas() == 2);
        admin.apps().deployments().inNamespace(ns).withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("attacker.example/web:evil");
            return d;
        });
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> "registry.example/web:1"
                        .equals(web().getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage()));
        admin.configMaps().inNamespace(ns).withName("settings").edit(c -> {
            c.setData(Map.of("mode", "production"));
            return c;
        });
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> "test"
                        .equals(admin.configMaps()
                                .inNamespace(ns)
                                .withName("settings")
                                .get()
                                .getData()
                                .get("mode")));

        assertThat(admin.v1().events().inNamespace(ns).list().getItems().stream()
                        .filter(e -> "DriftCorrected".equals(e.getReason()))
                        .map(e -> e.getMessage())
                        .toList())
                .anySatisfy(m -> assertThat(m).contains("Deployment web: spec.replicas"))
                .anySatisfy(m -> assertThat(m).contains("Deployment web: spec.template.spec.containers[0].image"))
                .anySatisfy(m -> assertThat(m).contains("ConfigMap settings: data.mode"))
                .allSatisfy(m -> assertThat(m).doesNotContain("evil", "production"));
        assertThat(metrics()).containsPattern("testenv_drift_total\\{policy=\"Correct\"[^}]*} [1-9]");
        assertThat(reconciles() - reconcilesBefore)
                .as("a normalized quantity (cpu 0.5) is not drift")
                .isLessThan(40);
        controllers.markDeploymentReady(ns, "web");
        tenants.await(ns, "correct", "Ready", "True");
    }

    @Test
    void withReportADriftedObjectIsReportedAndNotReadyUntilItHoldsWhatWasDeclared() {
        bringUp(
                "report",
                Tenants.env("report", WEB_AND_SETTINGS)
                        .replace("  timeout: 20s\n", "  timeout: 20s\n  drift: Report\n"));

        admin.apps().deployments().inNamespace(ns).withName("web").scale(0);

        var ready = tenants.await(ns, "report", "Ready", "False");
        assertThat(tenants.componentReason(ns, "report", "web")).isEqualTo("Drifted");
        assertThat(ready.getMessage()).contains("changed outside the environment: Deployment web: spec.replicas");
        assertThat(web().getSpec().getReplicas()).isZero();

        admin.apps().deployments().inNamespace(ns).withName("web").scale(2);
        controllers.markDeploymentReady(ns, "web");
        tenants.await(ns, "report", "Ready", "True");
    }

    @jakarta.inject.Inject
    io.testenv.operator.reconciler.observe.NormalizedPaths normalizedPaths;

    /**
     * The API server rewrites a declared quantity (cpu "0.5" is stored as "500m"); the operator learns that from
     * each apply's answer, in memory. After a restart, which loses it, the object must not read as drifted: with
     * Report nothing would ever apply it again to learn it, and it would stay not ready for good.
     */
    @Test
    void aValueTheServerNormalizedIsNoDriftAfterARestart() {
        bringUp(
                "restart",
                Tenants.env("restart", WEB_AND_SETTINGS)
                        .replace("  timeout: 20s\n", "  timeout: 20s\n  drift: Report\n"));
        normalizedPaths.retainOnly(java.util.Set.of());

        // A real change to another object: the environment reports it, and only it.
        admin.configMaps().inNamespace(ns).withName("settings").edit(c -> {
            c.setData(Map.of("mode", "production"));
            return c;
        });

        var ready = tenants.await(ns, "restart", "Ready", "False");
        assertThat(ready.getMessage())
                .contains("changed outside the environment: ConfigMap settings: data.mode")
                .doesNotContain("Deployment web");
    }

    /**
     * A CRD an environment created is deleted out of band, and its custom resources with it. The operator creates
     * the CRD again; the custom resource's apply meets the CRD still terminating, or not served yet, which is
     * transient: it heals without an edit, and nothing is reported as a denial or a failure.
     */
    @Test
    void aCrdDeletedOutOfBandIsCreatedAgainAndItsObjectsHealWithoutAnEdit() {
        String plural = "healers" + counter;
        String crd = plural + ".heal.example.com";
        tenants.create(
                ns,
                Tenants.env("heal", """
                - name: crd
                  manifests: [%s]
                - name: healer
                  dependsOn: [{component: crd}]
                  health: [{kind: Healer%d, readyWhen: "true"}]
                  manifests: [{apiVersion: heal.example.com/v1, kind: Healer%d, metadata: {name: h}}]
                """.formatted(
                                        Manifests.crdManifest("heal.example.com", plural, "Healer" + counter),
                                        counter,
                                        counter))
                        .replace("timeout: 20s", "timeout: 2m"));
        tenants.await(ns, "heal", "Ready", "True");
        String first = admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd)
                .get()
                .getMetadata()
                .getUid();

        admin.apiextensions().v1().customResourceDefinitions().withName(crd).delete();

        Awaitility.await().atMost(Tenants.TIMEOUT).ignoreExceptions().until(() -> {
            var again = admin.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd)
                    .get();
            return again != null
                    && !again.getMetadata().getUid().equals(first)
                    && tenants.exists("heal.example.com/v1", "Healer" + counter, ns, "h")
                    && tenants.condition(ns, "heal", "Ready")
                            .filter(c -> c.getStatus().equals("True"))
                            .isPresent();
        });
        assertThat(tenants.condition(ns, "heal", "Failed"))
                .get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(admin.v1().events().inNamespace(ns).list().getItems().stream()
                        .filter(e -> e.getMessage() != null && e.getMessage().contains("Forbidden"))
                        .toList())
                .isEmpty();
    }

    static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static long reconciles() {
        return metrics()
                .lines()
                .filter(l -> l.startsWith("testenv_reconciles_total{controller=\"bring-up\"}"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
