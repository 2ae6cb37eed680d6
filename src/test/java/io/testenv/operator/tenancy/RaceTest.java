package io.testenv.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.testing.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two environments that declare the same object and are created at the same moment, on the real API server:
 * exactly one of them creates it, the other is told Conflict, the object never changes hands (a watch sees every
 * version of it), and deleting the loser leaves it alone.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class RaceTest {

    static final int TRIALS = 20;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void twoEnvironmentsRacingForOneConfigMapLeaveExactlyOneOwner() throws Exception {
        String ns = "race-configmap";
        tenants.namespace(ns);
        for (int trial = 1; trial <= TRIALS; trial++) {
            String object = "shared-" + trial;
            Versions versions = new Versions();
            try (Watch watch = admin.genericKubernetesResources("v1", "ConfigMap")
                    .inNamespace(ns)
                    .withName(object)
                    .watch(versions)) {
                List<TestEnvironment> pair =
                        createAtOnce(ns, "a-" + trial, ns, "b-" + trial, name -> """
                        - name: config
                          manifests:
                          - {apiVersion: v1, kind: ConfigMap, metadata: {name: %s}, data: {writer: %s}}
                        """.formatted(object, name));
                Outcome outcome = settle(pair);

                GenericKubernetesResource configMap = admin.genericKubernetesResources("v1", "ConfigMap")
                        .inNamespace(ns)
                        .withName(object)
                        .get();
                assertOwnedOnlyBy(configMap, outcome.winner());
                assertThat(((Map<?, ?>) configMap.get("data")).get("writer"))
                        .as("trial " + trial)
                        .isEqualTo(outcome.winner().getMetadata().getName());
                await().atMost(Tenants.TIMEOUT)
                        .until(() -> !versions.uidAnnotations().isEmpty());
                assertThat(versions.uidAnnotations())
                        .as("trial %d: the uid annotations the watch saw", trial)
                        .containsOnly(outcome.winner().getMetadata().getUid());

                delete(outcome.loser());
                assertThat(admin.genericKubernetesResources("v1", "ConfigMap")
                                .inNamespace(ns)
                                .withName(object)
                                .get()
                                .getMetadata()
                                .getUid())
                        .isEqualTo(configMap.getMetadata().getUid());
            }
        }
        tenants.assertStillServing(ns);
    }

    @Test
    void twoEnvironmentsInTwoNamespacesRacingForOneCrdLeaveExactlyOneOwner() throws Exception {
        for (int trial = 1; trial <= TRIALS; trial++) {
            String plural = "widgets" + trial;
            String crd = plural + ".race.example.com";
            Versions versions = new Versions();
            try (Watch watch = admin.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd)
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(
                                Action action,
                                io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition resource) {
                            versions.record(resource);
                        }

                        @Override
                        public void onClose(WatcherException cause) {}
                    })) {
                String manifest = Manifests.crdManifest("race.example.com", plural, "Widget" + trial);
                List<TestEnvironment> pair = createAtOnce(
                        "race-crd-a", "crd-" + trial, "race-crd-b", "crd-" + trial, name -> """
                                - name: crd
                                  manifests: [%s]
                                """.formatted(manifest));
                Outcome outcome = settle(pair);
                String uid = admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd)
                        .get()
                        .getMetadata()
                        .getUid();
                await().atMost(Tenants.TIMEOUT)
                        .until(() -> !versions.uidAnnotations().isEmpty());
                assertThat(versions.uidAnnotations())
                        .as("trial %d: the uid annotations the watch saw", trial)
                        .containsOnly(outcome.winner().getMetadata().getUid());

                delete(outcome.loser());
                assertThat(admin.apiextensions()
                                .v1()
                                .customResourceDefinitions()
                                .withName(crd)
                                .get())
                        .as("trial %d: the CRD after the loser was deleted", trial)
                        .isNotNull()
                        .satisfies(
                                left -> assertThat(left.getMetadata().getUid()).isEqualTo(uid));
                delete(outcome.winner());
                await().atMost(Tenants.TIMEOUT)
                        .until(() -> admin.apiextensions()
                                        .v1()
                                        .customResourceDefinitions()
                                        .withName(crd)
                                        .get()
                                == null);
            }
        }
    }

    /** Both environments created by two threads released at the same instant. */
    private List<TestEnvironment> createAtOnce(
            String namespaceA,
            String nameA,
            String namespaceB,
            String nameB,
            java.util.function.Function<String, String> components)
            throws Exception {
        tenants.namespace(namespaceA);
        tenants.namespace(namespaceB);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<TestEnvironment> a = pool.submit(() -> {
            start.await();
            return tenants.create(namespaceA, Tenants.env(nameA, components.apply(nameA)));
        });
        Future<TestEnvironment> b = pool.submit(() -> {
            start.await();
            return tenants.create(namespaceB, Tenants.env(nameB, components.apply(nameB)));
        });
        return List.of(a.get(), b.get());
    }

    record Outcome(TestEnvironment winner, TestEnvironment loser) {}

    /** One environment Ready, the other failed with its component in Conflict. */
    private Outcome settle(List<TestEnvironment> pair) {
        Map<String, String> readiness = new ConcurrentHashMap<>();
        await().atMost(Tenants.TIMEOUT).until(() -> {
            for (TestEnvironment env : pair) {
                String ns = env.getMetadata().getNamespace();
                String name = env.getMetadata().getName();
                boolean ready = tenants.condition(ns, name, "Ready")
                        .filter(c -> c.getStatus().equals("True"))
                        .isPresent();
                boolean failed = tenants.condition(ns, name, "Failed")
                        .filter(c -> c.getStatus().equals("True"))
                        .isPresent();
                if (ready || failed) {
                    readiness.put(env.getMetadata().getUid(), ready ? "Ready" : "Failed");
                }
            }
            return readiness.size() == 2;
        });
        List<TestEnvironment> ready = new ArrayList<>();
        List<TestEnvironment> failed = new ArrayList<>();
        pair.forEach(env -> ("Ready".equals(readiness.get(env.getMetadata().getUid())) ? ready : failed).add(env));
        assertThat(ready).as("environments Ready").hasSize(1);
        assertThat(failed).as("environments Failed").hasSize(1);
        TestEnvironment loser = failed.get(0);
        String component = tenants.get(
                        loser.getMetadata().getNamespace(), loser.getMetadata().getName())
                .getStatus()
                .getComponents()
                .get(0)
                .getName();
        assertThat(tenants.componentReason(
                        loser.getMetadata().getNamespace(), loser.getMetadata().getName(), component))
                .isEqualTo("Conflict");
        return new Outcome(ready.get(0), loser);
    }

    private void assertOwnedOnlyBy(HasMetadata object, TestEnvironment winner) {
        assertThat(object.getMetadata().getAnnotations())
                .containsEntry(
                        "testenv.io/environment-uid", winner.getMetadata().getUid());
        assertThat(object.getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getUid)
                .containsExactly(winner.getMetadata().getUid());
        assertThat(Tenants.labelsOf(object))
                .containsEntry("testenv.io/environment", winner.getMetadata().getName());
    }

    private void delete(TestEnvironment env) {
        admin.resources(TestEnvironment.class)
                .inNamespace(env.getMetadata().getNamespace())
                .withName(env.getMetadata().getName())
                .delete();
        await().atMost(Tenants.TIMEOUT)
                .until(() -> tenants.get(
                                env.getMetadata().getNamespace(),
                                env.getMetadata().getName())
                        == null);
    }

    /** Every version of an object a watch delivered: the environment uid each one carried. */
    static final class Versions implements Watcher<GenericKubernetesResource> {

        private final Set<String> uids = ConcurrentHashMap.newKeySet();

        void record(HasMetadata object) {
            Map<String, String> annotations = object.getMetadata().getAnnotations();
            uids.add(annotations == null ? "(none)" : annotations.getOrDefault("testenv.io/environment-uid", "(none)"));
        }

        Set<String> uidAnnotations() {
            return Set.copyOf(uids);
        }

        @Override
        public void eventReceived(Action action, GenericKubernetesResource resource) {
            record(resource);
        }

        @Override
        public void onClose(WatcherException cause) {}
    }
}
