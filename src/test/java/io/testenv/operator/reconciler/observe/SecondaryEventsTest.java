package io.testenv.operator.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.readiness.Readiness;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which updates of an environment's objects reach the reconciler: those that can change a decision. */
class SecondaryEventsTest {

    static final KubernetesClient CLIENT = new KubernetesClientBuilder().build();
    static final KubernetesSerialization JSON = CLIENT.getKubernetesSerialization();

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    static final String DEPLOYMENT = """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "web", "namespace": "ci", "generation": %s, "resourceVersion": "%s",
                          "labels": {"testenv.io/environment": "env"%s}},
             "spec": {"replicas": %s},
             "status": {"observedGeneration": 1, "replicas": 2, "updatedReplicas": 2, "readyReplicas": %s,
                        "availableReplicas": %s, "collisionCount": %s,
                        "conditions": [{"type": "Available", "status": "%s", "lastUpdateTime": "%s"}]}}""";

    static GenericKubernetesResource deployment(
            String generation, String labels, String replicas, String ready, String collisions, String updated) {
        String available = Integer.parseInt(ready) >= 2 ? "True" : "False";
        return JSON.unmarshal(
                DEPLOYMENT.formatted(
                        generation,
                        Math.abs((generation + labels + replicas + ready + collisions + updated).hashCode()),
                        labels,
                        replicas,
                        ready,
                        ready,
                        collisions,
                        available,
                        updated),
                GenericKubernetesResource.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a counter and a timestamp only        | 1 |                     | 2 | 1 | 1 | 2026-12-02T10:00:05Z | false
            the readiness changed                 | 1 |                     | 2 | 2 | 0 | 2026-12-02T10:00:00Z | true
            the spec changed (drift), new generation | 2 |                  | 3 | 1 | 0 | 2026-12-02T10:00:00Z | true
            a label changed (ownership marks)     | 1 | , "team": "b"       | 2 | 1 | 0 | 2026-12-02T10:00:00Z | true
            """)
    void onlyWhatTheReconcilerReadsPasses(
            String name,
            String generation,
            String labels,
            String replicas,
            String ready,
            String collisions,
            String updated,
            boolean passes) {
        SecondaryEvents events = new SecondaryEvents();
        GenericKubernetesResource older = deployment("1", "", "2", "1", "0", "2026-12-02T10:00:00Z");
        GenericKubernetesResource newer =
                deployment(generation, labels == null ? "" : labels, replicas, ready, collisions, updated);
        assertThat(events.accept(newer, older)).isEqualTo(passes);
        if (!passes) {
            assertThat(Readiness.compute(PlannerView.of(newer, JSON)))
                    .as("the filter's premise: the built-in rule sees no change")
                    .isEqualTo(Readiness.compute(PlannerView.of(older, JSON)));
        }
    }

    @Test
    void aDeletionAlwaysPasses() {
        GenericKubernetesResource older = deployment("1", "", "2", "1", "0", "2026-12-02T10:00:00Z");
        GenericKubernetesResource newer = deployment("1", "", "2", "1", "0", "2026-12-02T10:00:00Z");
        newer.getMetadata().setDeletionTimestamp("2026-12-02T10:01:00Z");
        assertThat(new SecondaryEvents().accept(newer, older)).isTrue();
    }

    @Test
    void anyStatusChangePassesForAnObjectCelReads() {
        SecondaryEvents events = new SecondaryEvents();
        GenericKubernetesResource older = deployment("1", "", "2", "1", "0", "2026-12-02T10:00:00Z");
        GenericKubernetesResource newer = deployment("1", "", "2", "1", "1", "2026-12-02T10:00:05Z");
        assertThat(events.accept(newer, older)).isFalse();

        Manifest web = new Manifest(new ObjectRef("apps/v1", "Deployment", "ci", "web"), Scope.NAMESPACED, Map.of());
        EnvironmentModel model = new EnvironmentModel(
                "ci",
                "env",
                1,
                Strategy.Parallel,
                "10m",
                List.of(new ComponentModel(
                        "web",
                        List.of(web),
                        List.of(),
                        List.of(Readiness.CelOverride.readyWhen("Deployment", "self.status.collisionCount > 0")))));
        events.rememberCelReads("uid-1", model);
        assertThat(events.accept(newer, older)).isTrue();

        events.retainOnly(Set.of("uid-2"));
        assertThat(events.accept(newer, older))
                .as("forgotten with its environment")
                .isFalse();
    }

    @Test
    void aPodPassesWhenAContainerProblemAppears() {
        String pod = """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "ci",
                 "resourceVersion": "%s"},
                 "status": {"phase": "Running", "containerStatuses": [{"name": "web", "ready": false,
                   "restartCount": %s, "state": {"waiting": {"reason": "%s"}}}]}}""";
        SecondaryEvents events = new SecondaryEvents();
        GenericKubernetesResource starting =
                JSON.unmarshal(pod.formatted("1", "0", "ContainerCreating"), GenericKubernetesResource.class);
        GenericKubernetesResource crashing =
                JSON.unmarshal(pod.formatted("2", "3", "CrashLoopBackOff"), GenericKubernetesResource.class);
        assertThat(events.accept(crashing, starting)).isTrue();
    }

    @Test
    void aProgressMessageAloneDoesNotPass() {
        GenericKubernetesResource older = deployment("1", "", "2", "0", "0", "2026-12-02T10:00:00Z");
        GenericKubernetesResource newer = deployment("1", "", "2", "1", "0", "2026-12-02T10:00:00Z");
        var before = Readiness.compute(PlannerView.of(older, JSON));
        var after = Readiness.compute(PlannerView.of(newer, JSON));
        assertThat(after.message())
                .as("the premise: the progress shown changed")
                .isNotEqualTo(before.message());
        assertThat(after.state()).isEqualTo(before.state());
        assertThat(after.reason()).isEqualTo(before.reason());
        assertThat(new SecondaryEvents().accept(newer, older)).isFalse();
    }

    static final String READY_POD = """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "ci",
             "resourceVersion": "%s"%s},
             "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "%s"}],
               "containerStatuses": [{"name": "web", "ready": %s, "restartCount": 0,
               "state": {"running": {"startedAt": "2026-12-02T10:00:00Z"}}}]}}""";

    static GenericKubernetesResource pod(String version, String owner, boolean ready) {
        return JSON.unmarshal(
                READY_POD.formatted(version, owner, ready ? "True" : "False", ready), GenericKubernetesResource.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a ReplicaSet's pod turning ready: its Deployment says so   | ReplicaSet      | true  | false
            a pod the environment declares, turning ready              | TestEnvironment | true  | true
            a pod without an owner, turning ready                      |                 | false | true
            """)
    void aPodTurningReadyPassesOnlyWhenNoWorkloadReportsIt(
            String name, String ownerKind, boolean controller, boolean passes) {
        String owner = ownerKind == null
                ? ""
                : ", \"ownerReferences\": [{\"apiVersion\": \"v1\", \"kind\": \"%s\", \"name\": \"o\", \"uid\": \"u\", \"controller\": %s}]"
                        .formatted(ownerKind, controller);
        GenericKubernetesResource starting = pod("1", owner, false);
        GenericKubernetesResource ready = pod("2", owner, true);
        assertThat(Readiness.compute(PlannerView.of(ready, JSON)).state())
                .as("the premise: the pod's own readiness changed")
                .isNotEqualTo(Readiness.compute(PlannerView.of(starting, JSON)).state());
        assertThat(new SecondaryEvents().accept(ready, starting)).isEqualTo(passes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an object of the environment (its uid annotation)   | v1      | ConfigMap  | annotated  |                  | true
            a workload's pod, starting                          | v1      | Pod        | ReplicaSet | ContainerCreating | false
            a workload's pod that cannot pull its image          | v1      | Pod        | ReplicaSet | ImagePullBackOff  | true
            a Deployment's ReplicaSet                            | apps/v1 | ReplicaSet | Deployment |                  | false
            """)
    void aNewObjectPassesWhenItCanChangeADecision(
            String name, String apiVersion, String kind, String owner, String waiting, boolean passes) {
        String metadata = "annotated".equals(owner)
                ? "\"annotations\": {\"testenv.io/environment-uid\": \"uid-1\"}"
                : "\"ownerReferences\": [{\"apiVersion\": \"apps/v1\", \"kind\": \"%s\", \"name\": \"o\", \"uid\": \"u\", \"controller\": true}]"
                        .formatted(owner);
        String status = waiting == null
                ? ""
                : ", \"status\": {\"phase\": \"Pending\", \"containerStatuses\": [{\"name\": \"c\", \"ready\": false, \"restartCount\": 0, \"state\": {\"waiting\": {\"reason\": \"%s\"}}}]}"
                        .formatted(waiting);
        GenericKubernetesResource added = JSON.unmarshal(
                "{\"apiVersion\": \"%s\", \"kind\": \"%s\", \"metadata\": {\"name\": \"x\", \"namespace\": \"ci\", %s}%s}"
                        .formatted(apiVersion, kind, metadata, status),
                GenericKubernetesResource.class);
        assertThat(new SecondaryEvents().acceptAdded(added)).isEqualTo(passes);
    }
}
