package io.testenv.operator.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.reconciler.marks.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The playground annotation contract on a kwok cluster, without the operator: the annotations sit on the
 * workloads, the real controllers make the pods, and kwok gives them the lifecycle asked for. Pods are labelled as
 * the operator labels them, so {@code requires} can find the component they need.
 */
class PodLifecycleIT {

    static final String NS = "lifecycle";
    static KwokCluster cluster;
    static KubernetesClient client;
    static PodLifecycle lifecycle;
    static final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KwokCluster.start("testenv-lifecycle", Path.of("target", "lifecycle-it"), 0, System.out::println);
        client = cluster.newClient();
        Crds.install(client, Path.of("crds", "testenvironments.testenv.io-v1.yml"));
        lifecycle = new PodLifecycle(client, 10, warnings::add);
        lifecycle.start();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .create();
        client.serviceAccounts()
                .inNamespace(NS)
                .withName("default")
                .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopCluster() {
        if (lifecycle != null) {
            lifecycle.close();
        }
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void readyAfterDelaysTheDeploymentsPodsAndTheControllerReportsItAvailable() {
        Instant created = Instant.now();
        apply(deployment("timed", "env-a", "timed", Map.of(PodLifecycle.READY_AFTER, "20s")));

        client.apps()
                .deployments()
                .inNamespace(NS)
                .withName("timed")
                .waitUntilCondition(
                        d -> d != null
                                && d.getStatus() != null
                                && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas()),
                        60,
                        TimeUnit.SECONDS);

        assertThat(Duration.between(created, Instant.now()))
                .as("20 s at speed 10")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(warnings).isEmpty();
    }

    @Test
    void imagePullBackOffKeepsThePodWaitingWithThatReason() {
        apply(deployment("unpullable", "env-b", "web", Map.of(PodLifecycle.FAIL, "ImagePullBackOff")));

        Pod pod = awaitPod("env-b", "web", p -> waiting(p, "ImagePullBackOff"));

        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        client.apps()
                .deployments()
                .inNamespace(NS)
                .withName("unpullable")
                .waitUntilCondition(
                        d -> d != null
                                && d.getStatus() != null
                                && Integer.valueOf(1).equals(d.getStatus().getUnavailableReplicas()),
                        60,
                        TimeUnit.SECONDS);
    }

    @Test
    void aPodThatRequiresAnotherComponentCrashLoopsUntilItIsReadyThenStarts() {
        apply(deployment("app", "env-c", "app", Map.of(PodLifecycle.REQUIRES, "db", PodLifecycle.READY_AFTER, "1s")));
        Pod crashing = awaitPod("env-c", "app", p -> waiting(p, "CrashLoopBackOff"));
        assertThat(crashing.getStatus().getContainerStatuses().get(0).getRestartCount())
                .isPositive();

        apply(deployment("db-c", "env-c", "db", Map.of(PodLifecycle.READY_AFTER, "2s")));

        client.apps()
                .deployments()
                .inNamespace(NS)
                .withName("app")
                .waitUntilCondition(
                        d -> d != null
                                && d.getStatus() != null
                                && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas()),
                        90,
                        TimeUnit.SECONDS);
        Pod started = awaitPod("env-c", "app", PodLifecycleIT::ready);
        assertThat(started.getMetadata().getUid())
                .as("the same pod, restarted")
                .isEqualTo(crashing.getMetadata().getUid());
        assertThat(started.getStatus().getContainerStatuses().get(0).getRestartCount())
                .isPositive();
    }

    @Test
    void aJobThatRequiresAnotherComponentFailsItsFirstAttemptsAndTheJobControllerRetriesIt() {
        apply(job("migrate", "env-d", "migrate", 3, Map.of(PodLifecycle.REQUIRES, "db")));
        awaitPod("env-d", "migrate", p -> "Failed".equals(p.getStatus().getPhase()));

        apply(deployment("db-d", "env-d", "db", Map.of(PodLifecycle.READY_AFTER, "1s")));

        Job done = client.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName("migrate")
                .waitUntilCondition(
                        j -> j != null
                                && j.getStatus() != null
                                && j.getStatus().getSucceeded() != null
                                && j.getStatus().getSucceeded() == 1,
                        120,
                        TimeUnit.SECONDS);
        assertThat(done.getStatus().getFailed())
                .as("failed attempts before db was ready")
                .isPositive();
    }

    static boolean waiting(Pod pod, String reason) {
        return pod.getStatus() != null
                && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream()
                        .map(ContainerStatus::getState)
                        .anyMatch(s -> s.getWaiting() != null
                                && reason.equals(s.getWaiting().getReason()));
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c ->
                                c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    static Pod awaitPod(String environment, String component, Predicate<Pod> condition) {
        var pods = client.pods()
                .inNamespace(NS)
                .withLabel(Labels.ENVIRONMENT, environment)
                .withLabel(Labels.COMPONENT, component);
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> pods.list().getItems().stream().filter(condition).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    static void apply(GenericKubernetesResource object) {
        client.resource(object).inNamespace(NS).create();
    }

    static GenericKubernetesResource deployment(
            String name, String environment, String component, Map<String, String> annotations) {
        return client.getKubernetesSerialization()
                .unmarshal(
                        """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, annotations: %s}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata:
                      labels: {app: %s, testenv.io/environment: %s, testenv.io/component: %s}
                    spec:
                      containers: [{name: main, image: registry.example/%s:1}]
                """.formatted(name, json(annotations), name, name, environment, component, name),
                        GenericKubernetesResource.class);
    }

    static GenericKubernetesResource job(
            String name, String environment, String component, int backoffLimit, Map<String, String> annotations) {
        return client.getKubernetesSerialization()
                .unmarshal(
                        """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: %s, annotations: %s}
                spec:
                  backoffLimit: %d
                  template:
                    metadata:
                      labels: {testenv.io/environment: %s, testenv.io/component: %s}
                    spec:
                      restartPolicy: Never
                      containers: [{name: main, image: registry.example/%s:1}]
                """.formatted(name, json(annotations), backoffLimit, environment, component, name),
                        GenericKubernetesResource.class);
    }

    static String json(Map<String, String> map) {
        return client.getKubernetesSerialization().asJson(map);
    }
}
