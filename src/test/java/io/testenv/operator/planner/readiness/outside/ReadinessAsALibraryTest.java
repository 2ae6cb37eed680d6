package io.testenv.operator.planner.readiness.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.testenv.operator.api.ObjectState;
import io.testenv.operator.planner.readiness.ObjectHealth;
import io.testenv.operator.planner.readiness.Readiness;
import io.testenv.operator.planner.readiness.Readiness.CelOverride;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The readiness rules called as a tool outside the operator calls them: from another package, through the public
 * {@link Readiness#compute} only, on objects read the ways such tools read them (JSON, YAML, fabric8's model).
 */
class ReadinessAsALibraryTest {

    static final String LOAD_BALANCER = """
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "gateway"},
             "spec": {"type": "LoadBalancer", "clusterIP": "10.96.0.10", "ports": [{"port": 80}]},
             "status": {"loadBalancer": {}}}
            """;

    @Test
    void computesTheStateOfAnObjectReadAsJson() throws IOException {
        Map<String, Object> job = json("""
                {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "migrations"},
                 "status": {"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}}
                """);

        ObjectHealth health = Readiness.compute(job);

        assertThat(health.state()).isEqualTo(ObjectState.Ready);
        assertThat(health.reason()).isEqualTo("Complete");
        assertThat(health.message()).isEqualTo("complete");
    }

    @Test
    void computesTheStateOfAFabric8ObjectConvertedToAMap() {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withGeneration(1L)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withProgressDeadlineSeconds(600)
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(1L)
                .withReplicas(2)
                .withUpdatedReplicas(2)
                .withReadyReplicas(1)
                .withAvailableReplicas(1)
                .endStatus()
                .build();
        @SuppressWarnings("unchecked")
        Map<String, Object> object = new KubernetesSerialization().convertValue(deployment, Map.class);

        ObjectHealth health = Readiness.compute(object);

        assertThat(health).isEqualTo(new ObjectHealth(ObjectState.InProgress, "Unavailable", "Available: 1/2"));
    }

    @Test
    void stalledCustomResourceFailsAtOnce() throws IOException {
        Map<String, Object> release = json("""
                {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "redis"},
                 "status": {"conditions": [
                   {"type": "Ready", "status": "False", "reason": "InstallFailed"},
                   {"type": "Stalled", "status": "True", "reason": "RetriesExceeded"}]}}
                """);

        assertThat(Readiness.compute(release).state()).isEqualTo(ObjectState.Failed);
    }

    /** On a cluster without a load-balancer controller (kind, kwok, bare metal) an ingress never comes. */
    @Test
    void loadBalancerWithoutAControllerIsReadyWithAnOverrideOfKindService() throws IOException {
        Map<String, Object> service = json(LOAD_BALANCER);

        assertThat(Readiness.compute(service).reason()).isEqualTo("WaitingForLoadBalancer");
        assertThat(Readiness.compute(service, CelOverride.readyWhen("Service", "has(self.spec.clusterIP)"))
                        .state())
                .isEqualTo(ObjectState.Ready);
    }

    @Test
    void onlyTheOverrideOfTheObjectsKindApplies() throws IOException {
        Map<String, Object> service = json(LOAD_BALANCER);

        ObjectHealth health = Readiness.compute(
                service,
                CelOverride.readyWhen("Deployment", "true"),
                CelOverride.failedWhen("Service", "self.spec.ports.size() == 0"));

        assertThat(health.reason())
                .as("the built-in rule, as failedWhen is false")
                .isEqualTo("WaitingForLoadBalancer");
        assertThat(Readiness.compute(service, CelOverride.failedWhen("Service", "self.spec.ports.size() == 1"))
                        .state())
                .isEqualTo(ObjectState.Failed);
    }

    @Test
    void anOverrideThatDoesNotCompileIsRejected() throws IOException {
        Map<String, Object> service = json(LOAD_BALANCER);

        assertThatThrownBy(() -> Readiness.compute(service, CelOverride.readyWhen("Service", "self.spec.(")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Service override does not compile");
    }

    @Test
    void aMalformedObjectNeverThrows() {
        ObjectHealth health = Readiness.compute(
                Map.of("apiVersion", "apps/v1", "kind", "Deployment", "spec", "not a map", "status", List.of(1, 2)));

        assertThat(health.state()).isEqualTo(ObjectState.InProgress);
    }

    /** A recorded fixture, replayed through the public entry point: in progress until the last, then ready. */
    @Test
    void replaysARecordedRolloutThroughThePublicEntryPoint() throws IOException {
        List<Map<String, Object>> snapshots = recorded("statefulset-partitioned-update");

        for (Map<String, Object> snapshot : snapshots.subList(0, snapshots.size() - 1)) {
            assertThat(Readiness.compute(snapshot).state()).isEqualTo(ObjectState.InProgress);
        }
        assertThat(Readiness.compute(snapshots.get(snapshots.size() - 1)).state())
                .isEqualTo(ObjectState.Ready);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String json) throws IOException {
        return new ObjectMapper().readValue(json, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> recorded(String scenario) throws IOException {
        try (InputStream in =
                ReadinessAsALibraryTest.class.getResourceAsStream("/fixtures/readiness/" + scenario + ".yaml")) {
            return new ObjectMapper(new YAMLFactory()).readValue(in, List.class);
        }
    }
}
