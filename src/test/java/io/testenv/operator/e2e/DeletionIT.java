package io.testenv.operator.e2e;

import static io.testenv.operator.e2e.KwokEnvironments.deployment;
import static io.testenv.operator.e2e.KwokEnvironments.env;
import static io.testenv.operator.e2e.KwokEnvironments.instant;
import static io.testenv.operator.e2e.KwokEnvironments.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.playground.Playground;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An environment's deletion on the kwok cluster (the real garbage collector): a reverse teardown deletes dependents
 * (pods included) before what they depend on; a time to live deletes the environment and, through garbage
 * collection, its objects; and with the operator stopped, an environment of namespaced objects still goes at once,
 * while one with a CRD waits for the operator.
 */
class DeletionIT {

    static final Duration TIMEOUT = KwokEnvironments.TIMEOUT;
    static final Duration POLL = Duration.ofMillis(50);
    /**
     * The garbage collector picks up a kind installed after it started (the playground's TestEnvironment CRD) only
     * at its next periodic discovery, about 30 s: early in the cluster's life an owner's objects go up to ~40 s
     * after it (17-38 s measured), later within a second.
     */
    static final Duration GC_TIMEOUT = Duration.ofMinutes(2);

    static Playground playground;
    static KubernetesClient client;
    static KwokEnvironments envs;

    @BeforeAll
    static void startPlayground() throws IOException {
        playground = Playground.startOnFreePorts(20, "deletion", System.out);
        client = playground.client();
        envs = new KwokEnvironments(client);
    }

    @AfterAll
    static void stopPlayground() {
        if (playground != null) {
            playground.close();
        }
    }

    @Test
    void aReverseTeardownDeletesDependentsWithTheirPodsBeforeWhatTheyDependOn() {
        String ns = "teardown";
        envs.create(ns, env("chain", "teardown: Reverse\n", """
                - name: a
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
                %s- name: b
                  dependsOn: [{component: a}]
                  manifests:
                %s- name: c
                  dependsOn: [{component: b}]
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
                %s""".formatted(
                        deployment("a", 1, "registry.example/a:1", "2s").indent(2),
                        deployment("b", 1, "registry.example/b:1", "2s").indent(2),
                        deployment("c", 1, "registry.example/c:1", "2s").indent(2))));
        envs.awaitReady(ns, "chain");

        try (KwokEnvironments.Deletions deletions =
                envs.deletions(ns, "v1/ConfigMap", "apps/v1/Deployment", "v1/Pod")) {
            Instant deleted = Instant.now();
            client.resources(TestEnvironment.class)
                    .inNamespace(ns)
                    .withName("chain")
                    .delete();
            Awaitility.await().atMost(TIMEOUT).pollInterval(POLL).until(() -> envs.get(ns, "chain") == null);
            Instant gone = Instant.now();
            // a: its ConfigMap, Deployment and pod; b: Deployment and pod; c: ConfigMap, Deployment and pod
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(POLL)
                    .until(() -> deletions.of("a").size() == 3
                            && deletions.of("b").size() == 2
                            && deletions.of("c").size() == 3);
            List<Instant> a = deletions.of("a");
            List<Instant> b = deletions.of("b");
            List<Instant> c = deletions.of("c");
            assertThat(c.get(c.size() - 1))
                    .as("c gone, pods included, before b is deleted: %s", deletions.goneAt)
                    .isBefore(b.get(0));
            assertThat(b.get(b.size() - 1))
                    .as("b gone, pods included, before a is deleted: %s", deletions.goneAt)
                    .isBefore(a.get(0));
            assertThat(a.get(a.size() - 1)).as("a gone before the environment").isBeforeOrEqualTo(gone);
            System.out.printf(
                    "lifecycle: reverse teardown: c gone %.1f s, b %.1f s, a %.1f s after the delete, the "
                            + "environment %.1f s%n",
                    seconds(deleted, c.get(c.size() - 1)),
                    seconds(deleted, b.get(b.size() - 1)),
                    seconds(deleted, a.get(a.size() - 1)),
                    seconds(deleted, gone));
        }
    }

    @Test
    void aTimeToLiveDeletesTheEnvironmentAndItsObjectsAfterExpiresAt() {
        String ns = "ttl";
        envs.create(ns, env("short-lived", "ttlSecondsAfterReady: 3\n", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: app}}
                %s""".formatted(
                        deployment("app", 1, "registry.example/app:1", "2s").indent(2))));
        TestEnvironment ready = envs.awaitStatus(
                ns,
                "short-lived",
                "Ready with an expiry",
                e -> KwokEnvironments.readyForItsGeneration(e) && e.getStatus().getExpiresAt() != null);
        Instant readyAt = instant(ready.getStatus().getTiming().getReadyAt());
        Instant expiresAt = instant(ready.getStatus().getExpiresAt());
        assertThat(expiresAt).isEqualTo(readyAt.plusSeconds(3));

        Awaitility.await().atMost(TIMEOUT).pollInterval(POLL).until(() -> envs.get(ns, "short-lived") == null);
        Instant gone = Instant.now();
        assertThat(gone).as("deleted no earlier than its expiry").isAfterOrEqualTo(expiresAt);
        Awaitility.await()
                .atMost(GC_TIMEOUT)
                .pollInterval(POLL)
                .until(() -> !envs.exists("v1", "ConfigMap", ns, "app")
                        && !envs.exists("apps/v1", "Deployment", ns, "app")
                        && client.pods()
                                .inNamespace(ns)
                                .withLabel("testenv.io/component", "app")
                                .list()
                                .getItems()
                                .isEmpty());
        Instant objectsGone = Instant.now();
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(envs.events(ns, "Expired"))
                        .anySatisfy(m -> assertThat(m).startsWith("deleted after its time to live")));
        System.out.printf(
                "lifecycle: ttl 3 s: the environment gone %.1f s after expiresAt, its objects and pods "
                        + "%.1f s after%n",
                seconds(expiresAt, gone), seconds(expiresAt, objectsGone));
    }

    @Test
    void onlyAnEnvironmentGarbageCollectionCannotTakeAloneWaitsForTheOperator() throws IOException {
        String ns = "finalizers";
        envs.create(ns, env("namespaced", "", """
                - name: app
                  manifests:
                %s""".formatted(
                        deployment("app", 1, "registry.example/app:1", "1s").indent(2))));
        envs.create(ns, env("with-crd", "", """
                - name: crds
                  manifests:
                  - apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: lifecycles.example.com}
                    spec:
                      group: example.com
                      names: {kind: Lifecycle, plural: lifecycles}
                      scope: Namespaced
                      versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                """));
        envs.awaitReady(ns, "namespaced");
        envs.awaitReady(ns, "with-crd");
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() ->
                        envs.get(ns, "namespaced").getMetadata().getFinalizers().isEmpty());
        assertThat(envs.get(ns, "with-crd").getMetadata().getFinalizers()).isNotEmpty();

        playground.stopOperator();
        double collected;
        try {
            long deleted = System.nanoTime();
            client.resources(TestEnvironment.class)
                    .inNamespace(ns)
                    .withName("namespaced")
                    .delete();
            client.resources(TestEnvironment.class)
                    .inNamespace(ns)
                    .withName("with-crd")
                    .delete();
            // With no operator running: garbage collection takes the first environment's objects and pods.
            Awaitility.await()
                    .atMost(GC_TIMEOUT)
                    .pollInterval(POLL)
                    .until(() -> envs.get(ns, "namespaced") == null
                            && !envs.exists("apps/v1", "Deployment", ns, "app")
                            && client.pods()
                                    .inNamespace(ns)
                                    .withLabel("testenv.io/component", "app")
                                    .list()
                                    .getItems()
                                    .isEmpty());
            collected = (System.nanoTime() - deleted) / 1e9;
            assertThat(envs.get(ns, "with-crd").getMetadata().getDeletionTimestamp())
                    .as("the other one waits for the operator, which must delete its CRD")
                    .isNotNull();
            assertThat(crdExists()).isTrue();
        } finally {
            playground.startOperator();
        }
        long started = System.nanoTime();
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(() -> envs.get(ns, "with-crd") == null && !crdExists());
        System.out.printf(
                "lifecycle: with the operator stopped, an environment of namespaced objects gone with its "
                        + "pods in %.1f s; the one with a CRD gone %.1f s after the operator started%n",
                collected, (System.nanoTime() - started) / 1e9);
    }

    static boolean crdExists() {
        return client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("lifecycles.example.com")
                        .get()
                != null;
    }
}
