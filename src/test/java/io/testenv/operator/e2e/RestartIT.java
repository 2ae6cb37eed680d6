package io.testenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.playground.Playground;
import io.testenv.operator.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator killed with SIGKILL, or stopped with SIGTERM, at random points during several bring-ups on the kwok
 * cluster (at a third of real speed, so that every stop falls inside them), and started again each time: every environment reaches Ready, every declared object exists once and was never created
 * twice (its uid is the one first seen), and every time recorded in a status is never rewritten.
 */
class RestartIT {

    static final int ENVIRONMENTS = 5;
    static final int KILLS = 4;
    static final List<String> KINDS = List.of(
            "v1/ConfigMap", "v1/Secret", "v1/Service", "apps/v1/Deployment", "apps/v1/StatefulSet", "batch/v1/Job");

    static Playground playground;

    @BeforeAll
    static void startPlayground() throws IOException {
        playground = Playground.startOnFreePorts(3, "restart", System.out);
    }

    @AfterAll
    static void stopPlayground() {
        if (playground != null) {
            playground.close();
        }
    }

    /** The first value seen of every recorded time ("ns/env startedAt", "ns/env/component readyAt", ...). */
    final Map<String, String> firstSeenTimes = new ConcurrentHashMap<>();

    final List<String> rewrittenTimes = new ArrayList<>();
    /** The first uid seen of every object of the environments. */
    final Map<String, String> firstSeenUids = new ConcurrentHashMap<>();

    final List<String> recreated = new ArrayList<>();

    /** Stops the operator one way and starts a new one; says how, for the progress line. */
    @FunctionalInterface
    interface Interruption {
        String stopAndRestart() throws IOException;
    }

    @Test
    void environmentsSurviveSigkillsOfTheOperator() throws Exception {
        bringUpsSurvive("restart", "SIGKILL", () -> {
            playground.killAndRestartOperator();
            return "killed";
        });
    }

    /**
     * SIGTERM, as Kubernetes stops a pod: the operator lets the reconciles in flight finish
     * ({@code testenv.shutdown-grace}) and exits by itself well within the pod's 30 s grace period; the next one
     * finds nothing half-written.
     */
    @Test
    void environmentsSurviveGracefulShutdownsOfTheOperator() throws Exception {
        List<Duration> stops = new ArrayList<>();
        bringUpsSurvive("shutdown", "SIGTERM", () -> {
            Optional<Duration> stopped = playground.terminateAndRestartOperator(Duration.ofSeconds(30));
            assertThat(stopped)
                    .as("the operator exits by itself within the pod's grace period")
                    .isPresent();
            stops.add(stopped.get());
            String log = Files.readString(playground.previousOperatorLog());
            // the reconciles in flight finish (reconciler/InFlight) before java-operator-sdk and Quarkus stop:
            // nothing interrupted on the way
            assertThat(log)
                    .as("a graceful stop")
                    .contains(
                            "reconciles were in flight, 0 still are after",
                            "is shutting down...",
                            "testenv-operator stopped in")
                    .doesNotContain("InterruptedException");
            return String.format("stopped in %.1f s", stopped.get().toNanos() / 1e9);
        });
        System.out.printf(
                "restart: SIGTERM stops took %s s%n",
                stops.stream()
                        .map(d -> String.format("%.1f", d.toNanos() / 1e9))
                        .toList());
    }

    void bringUpsSurvive(String prefix, String signal, Interruption interruption) throws Exception {
        KubernetesClient client = playground.client();
        String yaml = Samples.environment("datastorage.yaml");
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            String ns = prefix + "-" + i;
            namespaces.add(ns);
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
            TestEnvironment env = client.getKubernetesSerialization().unmarshal(yaml, TestEnvironment.class);
            env.getMetadata().setNamespace(ns);
            client.resource(env).create();
        }
        ScheduledExecutorService observer = Executors.newSingleThreadScheduledExecutor();
        observer.scheduleWithFixedDelay(() -> observe(client, namespaces), 0, 200, TimeUnit.MILLISECONDS);
        Random random = new Random(4711);
        long started = System.nanoTime();
        for (int kill = 0; kill < KILLS; kill++) {
            // a random point once the operator is serving again, so each stop interrupts work in flight
            Awaitility.await()
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(playground::operatorReady);
            Thread.sleep(300 + random.nextInt(1500));
            long ready = namespaces.stream().filter(ns -> isReady(client, ns)).count();
            String how = interruption.stopAndRestart();
            System.out.printf(
                    "restart: %s %d at %.1f s (%s), %d of %d environments Ready%n",
                    signal, kill + 1, (System.nanoTime() - started) / 1e9, how, ready, ENVIRONMENTS);
        }

        Awaitility.await()
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> namespaces.stream().allMatch(ns -> isReady(client, ns)));
        observe(client, namespaces);
        observer.shutdownNow();

        int objects = 0;
        for (String ns : namespaces) {
            TestEnvironment env = client.resources(TestEnvironment.class)
                    .inNamespace(ns)
                    .withName("datastorage")
                    .get();
            long declared = RestartIT.madeFor(env);
            long found = ours(client, ns).size();
            objects += found;
            assertThat(found)
                    .as("objects of %s: every declared one and the binding Secret, no other", ns)
                    .isEqualTo(declared);
        }
        System.out.printf(
                "restart: %d bring-ups, %d %ss, %d objects, %d created twice, %d times rewritten, "
                        + "all Ready %.1f s after the first create%n",
                ENVIRONMENTS,
                KILLS,
                signal,
                objects,
                recreated.size(),
                rewrittenTimes.size(),
                (System.nanoTime() - started) / 1e9);
        assertThat(recreated).as("objects created again (a new uid)").isEmpty();
        assertThat(rewrittenTimes).as("recorded times rewritten").isEmpty();
        assertThat(playground.operatorAlive()).isTrue();
    }

    static boolean isReady(KubernetesClient client, String ns) {
        TestEnvironment env = client.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName("datastorage")
                .get();
        return env != null
                && env.getStatus() != null
                && env.getStatus().getConditions().stream()
                        .anyMatch(c ->
                                c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    /** What the operator makes for an environment: every object it declares, and the binding Secret of its outputs. */
    static long madeFor(TestEnvironment env) {
        long declared = env.getSpec().getComponents().stream()
                .mapToLong(c -> c.getManifests().size())
                .sum();
        boolean outputs = env.getSpec().getOutputs() != null
                && !env.getSpec().getOutputs().isEmpty();
        return declared + (outputs ? 1 : 0);
    }

    static List<GenericKubernetesResource> ours(KubernetesClient client, String ns) {
        List<GenericKubernetesResource> result = new ArrayList<>();
        for (String kind : KINDS) {
            int slash = kind.lastIndexOf('/');
            result.addAll(client.genericKubernetesResources(kind.substring(0, slash), kind.substring(slash + 1))
                    .inNamespace(ns)
                    .withLabel("testenv.io/environment", "datastorage")
                    .list()
                    .getItems());
        }
        return result;
    }

    private void observe(KubernetesClient client, List<String> namespaces) {
        try {
            for (String ns : namespaces) {
                TestEnvironment env = client.resources(TestEnvironment.class)
                        .inNamespace(ns)
                        .withName("datastorage")
                        .get();
                if (env != null && env.getStatus() != null) {
                    if (env.getStatus().getTiming() != null) {
                        remember(ns + " startedAt", env.getStatus().getTiming().getStartedAt());
                        remember(ns + " readyAt", env.getStatus().getTiming().getReadyAt());
                    }
                    for (ComponentStatus component : env.getStatus().getComponents()) {
                        remember(ns + "/" + component.getName() + " appliedAt", component.getAppliedAt());
                        remember(ns + "/" + component.getName() + " readyAt", component.getReadyAt());
                    }
                }
                for (GenericKubernetesResource object : ours(client, ns)) {
                    String key = ns + "/" + object.getKind() + "/"
                            + object.getMetadata().getName();
                    String first =
                            firstSeenUids.putIfAbsent(key, object.getMetadata().getUid());
                    if (first != null && !first.equals(object.getMetadata().getUid())) {
                        synchronized (recreated) {
                            recreated.add(key);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            System.out.println("restart: observer: " + e.getMessage());
        }
    }

    private void remember(String key, Object value) {
        if (value == null) {
            return;
        }
        String text = value.toString();
        String first = firstSeenTimes.putIfAbsent(key, text);
        if (first != null && !first.equals(text)) {
            synchronized (rewrittenTimes) {
                rewrittenTimes.add(key + ": " + first + " -> " + text);
            }
        }
    }
}
