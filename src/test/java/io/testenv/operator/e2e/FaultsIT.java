package io.testenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.faults.FaultProxy;
import io.testenv.operator.playground.Playground;
import io.testenv.operator.testing.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator behind a {@link FaultProxy} on the kwok cluster: 10% of its requests fail (500, 429 with
 * Retry-After, 409 on writes, timeouts whose request took effect), every watch is cut within seconds, and
 * WebSocket messages arrive split into 16 KiB frames. 20 environments all reach Ready with every declared object
 * there, and none is ever reported Failed. Then, with the faults healed but the frames still split, an
 * environment whose watch events are over 64 KiB keeps being served: its ConfigMap, edited twice by hand, is put
 * back twice, which a watch that stops at a fragmented message (fabric8io/kubernetes-client#7347) cannot do.
 */
class FaultsIT {

    static final int ENVIRONMENTS = 20;
    static final String LARGE_NS = "faults-large";

    static Playground playground;
    static FaultProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        playground = Playground.startOnFreePorts(20, "faults", System.out);
        Path kubeconfig = playground.kubeconfig();
        Config cluster = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        proxy = FaultProxy.start(
                cluster,
                Double.parseDouble(System.getProperty("faults.rate", "0.10")),
                Duration.ofSeconds(Long.getLong("faults.watch-lifetime", 8)),
                1234);
        // Requests that get no answer are given up after 3 s rather than fabric8's 10 s, so that timeouts cost
        // the bring-ups seconds, not minutes.
        playground.restartOperatorWith(Map.of(
                "KUBECONFIG",
                proxy.writeKubeconfig(kubeconfig.getParent()).toString(),
                "KUBERNETES_REQUEST_TIMEOUT",
                "3000",
                "QUARKUS_LOG_CATEGORY__IO_FABRIC8_KUBERNETES_CLIENT__LEVEL",
                System.getProperty("faults.log", "INFO")));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (playground != null) {
            playground.close();
        }
    }

    final Set<String> reportedFailed = ConcurrentHashMap.newKeySet();

    @Test
    void everyEnvironmentComesUpThroughFaultsAndLargeEventsKeepFlowing() throws Exception {
        KubernetesClient client = playground.client();
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(playground::operatorReady);
        String yaml = Samples.environment("datastorage.yaml");
        List<String> namespaces = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            String ns = "faults-" + i;
            namespaces.add(ns);
            createNamespace(client, ns);
            TestEnvironment env = client.getKubernetesSerialization().unmarshal(yaml, TestEnvironment.class);
            env.getMetadata().setNamespace(ns);
            client.resource(env).create();
        }
        createNamespace(client, LARGE_NS);
        client.resource(largeEnvironment(client)).create();
        List<String> all = new ArrayList<>(namespaces);
        all.add(LARGE_NS);
        ScheduledExecutorService observer = Executors.newSingleThreadScheduledExecutor();
        observer.scheduleWithFixedDelay(() -> recordFailures(client, all), 0, 250, TimeUnit.MILLISECONDS);

        Awaitility.await()
                .atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> all.stream().allMatch(ns -> isReady(client, ns, nameIn(ns))));
        double allReady = (System.nanoTime() - started) / 1e9;
        recordFailures(client, all);
        observer.shutdownNow();
        int objects = 0;
        for (String ns : namespaces) {
            TestEnvironment env = client.resources(TestEnvironment.class)
                    .inNamespace(ns)
                    .withName("datastorage")
                    .get();
            long declared = RestartIT.madeFor(env);
            long found = RestartIT.ours(client, ns).size();
            objects += found;
            assertThat(found)
                    .as("objects of %s: every declared one and the binding Secret, no other", ns)
                    .isEqualTo(declared);
        }
        System.out.printf(
                "faults: %d environments Ready in %.1f s through %d requests: %d faults (%d 500, %d 429, "
                        + "%d 409, %d timeouts), %d watches of which %d cut, %d messages split (largest %d bytes); "
                        + "%d objects, %d reported Failed%n",
                all.size(),
                allReady,
                proxy.requests(),
                proxy.faults(),
                proxy.faults(FaultProxy.Fault.INTERNAL_ERROR),
                proxy.faults(FaultProxy.Fault.TOO_MANY_REQUESTS),
                proxy.faults(FaultProxy.Fault.CONFLICT),
                proxy.faults(FaultProxy.Fault.TIMEOUT),
                proxy.watches(),
                proxy.watchesCut(),
                proxy.messagesSplit(),
                proxy.largestMessage(),
                objects,
                reportedFailed.size());
        assertThat(reportedFailed)
                .as("environments or components reported Failed for a transient error")
                .isEmpty();
        assertThat(proxy.faults()).as("faults injected").isGreaterThan(proxy.requests() / 20);
        assertThat(proxy.watchesCut()).as("watches cut").isPositive();

        // Healed: no more faults, and the watches open now live on; only the frames are still split.
        proxy.heal();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> proxy.pendingCuts() == 0);
        long splitBefore = proxy.messagesSplit();
        for (int edit = 1; edit <= 2; edit++) {
            long edited = System.nanoTime();
            String vandalised = "edited by hand " + edit;
            client.configMaps().inNamespace(LARGE_NS).withName("fixtures").edit(cm -> {
                cm.getData().put("rows.csv", vandalised);
                return cm;
            });
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConfigMap cm = client.configMaps()
                        .inNamespace(LARGE_NS)
                        .withName("fixtures")
                        .get();
                return cm.getData().get("rows.csv").equals(rows());
            });
            System.out.printf(
                    "faults: hand edit %d of the %d-byte ConfigMap put back in %.1f s%n",
                    edit, rows().length(), (System.nanoTime() - edited) / 1e9);
        }
        assertThat(proxy.messagesSplit())
                .as("large watch events delivered in several frames after the heal")
                .isGreaterThan(splitBefore);
        assertThat(proxy.largestMessage()).as("largest watch event").isGreaterThan(64 * 1024);
        assertThat(playground.operatorAlive()).isTrue();
    }

    static String nameIn(String ns) {
        return ns.equals(LARGE_NS) ? "large" : "datastorage";
    }

    static boolean isReady(KubernetesClient client, String ns, String name) {
        TestEnvironment env = client.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName(name)
                .get();
        return env != null
                && env.getStatus() != null
                && env.getMetadata().getGeneration().equals(env.getStatus().getObservedGeneration())
                && env.getStatus().getConditions().stream()
                        .anyMatch(c ->
                                c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private void recordFailures(KubernetesClient client, List<String> namespaces) {
        try {
            for (String ns : namespaces) {
                TestEnvironment env = client.resources(TestEnvironment.class)
                        .inNamespace(ns)
                        .withName(nameIn(ns))
                        .get();
                if (env == null || env.getStatus() == null) {
                    continue;
                }
                env.getStatus().getConditions().stream()
                        .filter(c ->
                                c.getType().equals("Failed") && c.getStatus().equals("True"))
                        .forEach(c -> reportedFailed.add(ns + ": " + c.getReason() + ": " + c.getMessage()));
                for (ComponentStatus component : env.getStatus().getComponents()) {
                    if ("Failed".equals(String.valueOf(component.getPhase()))) {
                        reportedFailed.add(ns + "/" + component.getName() + ": " + component.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            System.out.println("faults: observer: " + e.getMessage());
        }
    }

    private static void createNamespace(KubernetesClient client, String ns) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
    }

    /** About 100 KiB of fixture rows: the environment's and the ConfigMap's watch events are each over 64 KiB. */
    static String rows() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; rows.length() < 100 * 1024; i++) {
            rows.append("row-")
                    .append(i)
                    .append(",customer-")
                    .append(i * 7919 % 100_000)
                    .append('\n');
        }
        return rows.toString();
    }

    private static TestEnvironment largeEnvironment(KubernetesClient client) {
        String yaml = """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: large, namespace: %s}
                spec:
                  components:
                  - name: fixtures
                    manifests:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: fixtures}
                      data: {}
                  - name: app
                    dependsOn: [{component: fixtures}]
                    manifests:
                    - apiVersion: apps/v1
                      kind: Deployment
                      metadata: {name: app}
                      spec:
                        replicas: 1
                        selector: {matchLabels: {app: app}}
                        template:
                          metadata: {labels: {app: app}}
                          spec: {containers: [{name: app, image: registry.example/app:1}]}
                """.formatted(LARGE_NS);
        TestEnvironment env = client.getKubernetesSerialization().unmarshal(yaml, TestEnvironment.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) env.getSpec()
                .getComponents()
                .get(0)
                .getManifests()
                .get(0)
                .getAdditionalProperties()
                .get("data");
        data.put("rows.csv", rows());
        return env;
    }
}
