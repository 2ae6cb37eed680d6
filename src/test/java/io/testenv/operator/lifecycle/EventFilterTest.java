package io.testenv.operator.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.reconciler.observe.Watches;
import io.testenv.operator.tenancy.Tenants;
import io.testenv.operator.testing.Controllers;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * On a real API server: an update of an environment's object that changes nothing the planner reads (a controller
 * bumping a counter in the status) triggers no reconcile; one that changes its readiness does, at once.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class EventFilterTest {

    static final GroupVersionKind DEPLOYMENT = new GroupVersionKind("apps/v1", "Deployment");

    @InjectKubeApi
    KubeApi api;

    @Inject
    Watches watches;

    static long bringUpReconciles() {
        return given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("testenv_reconciles_total{controller=\"bring-up\"}"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aStatusCounterTriggersNoReconcileAndAReadinessChangeDoes() {
        KubernetesClient admin = api.client();
        Tenants tenants = new Tenants(admin);
        Controllers controllers = new Controllers(admin);
        String ns = "event-filter";
        tenants.create(ns, Tenants.env("filtered", """
                - name: web
                  manifests:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: nginx}]}
                """));
        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.exists("apps/v1", "Deployment", ns, "web"));
        controllers.markDeploymentReady(ns, "web");
        tenants.await(ns, "filtered", "Ready", "True");
        long before = bringUpReconciles();

        // what a controller does all the time: a counter in the status, the readiness unchanged
        var deployment = admin.genericKubernetesResources("apps/v1", "Deployment")
                .inNamespace(ns)
                .withName("web");
        GenericKubernetesResource current = deployment.get();
        @SuppressWarnings("unchecked")
        Map<String, Object> status = new LinkedHashMap<>(
                (Map<String, Object>) current.getAdditionalProperties().get("status"));
        status.put("collisionCount", 1);
        current.setAdditionalProperty("status", status);
        String counted = admin.genericKubernetesResources("apps/v1", "Deployment")
                .resource(current)
                .updateStatus()
                .getMetadata()
                .getResourceVersion();
        ObjectRef web = new ObjectRef("apps/v1", "Deployment", ns, "web");
        // the operator's informer has seen it (and its filter judged it) before the next change
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> watches.cached(DEPLOYMENT, web)
                        .map(d -> counted.equals(d.getMetadata().getResourceVersion()))
                        .orElse(false));

        // what a controller does when the rollout stops: the readiness changes
        GenericKubernetesResource counting = deployment.get();
        @SuppressWarnings("unchecked")
        Map<String, Object> failing = new LinkedHashMap<>(
                (Map<String, Object>) counting.getAdditionalProperties().get("status"));
        failing.remove("availableReplicas");
        failing.remove("readyReplicas");
        failing.put("unavailableReplicas", 1);
        failing.put(
                "conditions",
                List.of(
                        Map.of("type", "Available", "status", "False", "reason", "MinimumReplicasUnavailable"),
                        Map.of("type", "Progressing", "status", "False", "reason", "ProgressDeadlineExceeded")));
        counting.setAdditionalProperty("status", failing);
        admin.genericKubernetesResources("apps/v1", "Deployment")
                .resource(counting)
                .updateStatus();
        tenants.await(ns, "filtered", "Failed", "True");

        assertThat(bringUpReconciles() - before)
                .as("one reconcile, for the readiness change; none for the counter")
                .isEqualTo(1);
    }
}
