package io.testenv.operator.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.junit5.fixtures.DataStorageSample;
import io.testenv.operator.junit5.fixtures.Failing;
import io.testenv.operator.junit5.fixtures.Killed;
import io.testenv.operator.junit5.fixtures.ParallelA;
import io.testenv.operator.junit5.fixtures.ParallelB;
import io.testenv.operator.junit5.fixtures.PerMethod;
import io.testenv.operator.junit5.fixtures.Recorded;
import io.testenv.operator.junit5.fixtures.RunFixture;
import io.testenv.operator.junit5.fixtures.SuiteA;
import io.testenv.operator.junit5.fixtures.SuiteB;
import io.testenv.operator.playground.Playground;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The JUnit 5 extension, as a suite uses it: fixture classes run through the JUnit platform (EngineTestKit) against
 * the playground's kwok cluster with the operator running, and what they did is checked on the cluster.
 */
class JUnit5ExtensionIT {

    static final Duration GONE = Duration.ofMinutes(1);

    static Playground playground;
    static KubernetesClient admin;
    static Path reports;
    static Path summary;

    @BeforeAll
    static void startPlayground() throws IOException {
        playground = Playground.startOnFreePorts(20, "junit5", System.out);
        admin = playground.client();
        // the extension finds the cluster through fabric8's usual kubeconfig resolution
        System.setProperty("kubeconfig", playground.kubeconfig().toString());
        reports = Path.of("target", "junit5-it", "testenv-reports").toAbsolutePath();
        summary = Path.of("target", "junit5-it", "step-summary.md").toAbsolutePath();
        Files.createDirectories(summary.getParent());
        Files.deleteIfExists(summary);
        System.setProperty("testenv.reportsDir", reports.toString());
        System.setProperty("testenv.stepSummary", summary.toString());
    }

    @AfterAll
    static void stopPlayground() {
        System.clearProperty("kubeconfig");
        System.clearProperty("testenv.reportsDir");
        System.clearProperty("testenv.stepSummary");
        if (playground != null) {
            playground.close();
        }
    }

    @BeforeEach
    void reset() {
        Recorded.reset();
    }

    private static EngineExecutionResults run(boolean parallel, Class<?>... classes) {
        EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter");
        for (Class<?> c : classes) {
            builder.selectors(selectClass(c));
        }
        if (parallel) {
            builder.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2");
        }
        return builder.execute();
    }

    private static boolean gone(String namespace) {
        Namespace ns = admin.namespaces().withName(namespace).get();
        return ns == null || ns.getMetadata().getDeletionTimestamp() != null;
    }

    @Test
    void twoClassesWithTheSameEnvironmentRunInParallelEachInItsOwnNamespace() {
        Instant start = Instant.now();
        EngineExecutionResults results = run(true, ParallelA.class, ParallelB.class);
        System.out.printf(
                "junit5: two parallel classes took %d ms%n",
                Duration.between(start, Instant.now()).toMillis());

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
        String a = Recorded.VALUES.get("A.namespace");
        String b = Recorded.VALUES.get("B.namespace");
        assertThat(a).startsWith("testenv-parallela-").hasSizeLessThanOrEqualTo(63);
        assertThat(b).startsWith("testenv-parallelb-");
        assertThat(a).isNotEqualTo(b);
        Awaitility.await().atMost(GONE).until(() -> gone(a) && gone(b));

        Events entries = results.allEvents().reportingEntryPublished();
        assertThat(entries.count()).isEqualTo(2);
        Map<String, String> published = entries.stream()
                .map(e -> e.getRequiredPayload(org.junit.platform.engine.reporting.ReportEntry.class))
                .findFirst()
                .orElseThrow()
                .getKeyValuePairs();
        assertThat(published)
                .containsKeys(
                        "testenv.datastore.namespace",
                        "testenv.datastore.bringUpSeconds",
                        "testenv.datastore.criticalPath",
                        "testenv.datastore.sequentialSeconds");
        assertThat(published.get("testenv.datastore.criticalPath")).isEqualTo("settings -> postgres");
        assertThat(Double.parseDouble(published.get("testenv.datastore.bringUpSeconds")))
                .isPositive();
    }

    @Test
    void aSuiteWideEnvironmentIsBroughtUpOnceForTwoClassesAndGoesWhenTheSessionEnds() {
        EngineExecutionResults results = run(false, SuiteA.class, SuiteB.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(Recorded.VALUES.get("A.namespace")).isEqualTo(Recorded.VALUES.get("B.namespace"));
        assertThat(Recorded.VALUES.get("A.uid"))
                .as("one TestEnvironment, applied once")
                .isEqualTo(Recorded.VALUES.get("B.uid"));
        assertThat(results.allEvents().reportingEntryPublished().count())
                .as("each class reports the shared timeline")
                .isEqualTo(2);
        String namespace = Recorded.VALUES.get("A.namespace");
        assertThat(namespace).startsWith("testenv-suite-datastore-");
        Awaitility.await().atMost(GONE).until(() -> gone(namespace));
    }

    @Test
    void methodScopeGivesEachTestMethodAFreshEnvironment() {
        EngineExecutionResults results = run(false, PerMethod.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        String first = Recorded.VALUES.get("first.namespace");
        String second = Recorded.VALUES.get("second.namespace");
        assertThat(first).startsWith("testenv-permethod-first-");
        assertThat(second).startsWith("testenv-permethod-second-");
        Awaitility.await().atMost(GONE).until(() -> gone(first) && gone(second));
    }

    @Test
    void aFailingEnvironmentFailsItsClassAtOnceWithTheOperatorsMessageAndLeavesDiagnostics() throws IOException {
        EngineExecutionResults results = run(false, Failing.class);

        results.containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                container(Failing.class),
                                finishedWithFailure(
                                        instanceOf(AssertionError.class),
                                        message(m -> m.startsWith(
                                                        "environment broken failed: component migrations: ConfigMap migrations: ")
                                                && m.contains("failedWhen")))));
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(Recorded.VALUES).doesNotContainKey("failing.ran");

        Path dir = reports.resolve(Failing.class.getName());
        assertThat(Files.readString(dir.resolve("broken.yaml"))).contains("kind: \"TestEnvironment\"", "Failed");
        assertThat(Files.readString(dir.resolve("broken.events.txt"))).contains("Failed");
        assertThat(Files.readString(dir.resolve("broken.objects.txt")))
                .contains("component migrations: Failed", "ConfigMap/migrations: Failed");
        assertThat(Files.readString(dir.resolve("broken.timeline.md"))).contains("| migrations |");
        Optional<Namespace> left =
                admin.namespaces().withLabel("testenv.io/test-class", "failing").list().getItems().stream()
                        .filter(n -> n.getMetadata().getDeletionTimestamp() == null)
                        .findAny();
        assertThat(left).as("not kept unless asked").isEmpty();
    }

    @Test
    void theTimelineGoesToTheStepSummary() throws IOException {
        run(false, PerMethod.class);
        assertThat(Files.readString(summary))
                .contains(
                        "### testenv: datastore (PerMethod.first)",
                        "| postgres |",
                        "critical path settings → postgres");
    }

    /**
     * The figures for the DataStorage sample (speed 20): from the class's start to its first test with the
     * extension, against kubectl apply + kubectl wait for the same environment, and the extension's own share.
     */
    @Test
    void theDataStorageSampleThroughTheExtensionAndThroughKubectl() throws Exception {
        long start = System.nanoTime();
        EngineExecutionResults results = run(false, DataStorageSample.class);
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        double toFirstTest = (Long.parseLong(Recorded.VALUES.get("sample.firstTestNanos")) - start) / 1e9;
        double bringUp = Double.parseDouble(Recorded.VALUES.get("sample.bringUpSeconds"));
        assertThat(Recorded.VALUES.get("sample.DATASTORAGE_URL"))
                .isEqualTo("http://datastorage." + Recorded.VALUES.get("sample.namespace") + ".svc:8080");

        long kubectlStart = System.nanoTime();
        Path kubectl = io.testenv.operator.controlplane.ControlPlane.binaries().resolve("kubectl");
        String kubeconfig = playground.kubeconfig().toString();
        assertThat(new ProcessBuilder(
                                kubectl.toString(),
                                "--kubeconfig",
                                kubeconfig,
                                "apply",
                                "-f",
                                "samples/datastorage.yaml")
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        assertThat(new ProcessBuilder(
                                kubectl.toString(),
                                "--kubeconfig",
                                kubeconfig,
                                "-n",
                                "datastorage",
                                "wait",
                                "--for=condition=Ready",
                                "te/datastorage",
                                "--timeout=5m")
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        double throughKubectl = (System.nanoTime() - kubectlStart) / 1e9;
        admin.namespaces().withName("datastorage").delete();
        System.out.printf(
                Locale.ROOT,
                "junit5: DataStorage sample (speed 20): %.2f s from the class's start to its first test with the "
                        + "extension (the operator's bring-up %.2f s, so %.2f s around it: namespace, apply, watch, "
                        + "tear-down not included); kubectl apply + kubectl wait %.2f s%n",
                toFirstTest,
                bringUp,
                toFirstTest - bringUp,
                throughKubectl);
        assertThat(toFirstTest).isGreaterThan(bringUp);
    }

    @Test
    void aKilledJvmLeavesNoEnvironmentAndNoNamespaceBehind() throws Exception {
        Path log = Path.of("target", "junit5-it", "killed.log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RunFixture.class.getName(),
                        Killed.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", playground.kubeconfig().toString());
        Process suite = builder.start();
        try {
            String namespace = Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .until(
                            () -> Files.readAllLines(log).stream()
                                    .filter(l -> l.startsWith("testenv-fixture: up in "))
                                    .map(l -> l.substring("testenv-fixture: up in ".length()))
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
            assertThat(admin.genericKubernetesResources("testenv.io/v1alpha1", "TestEnvironment")
                            .inNamespace(namespace)
                            .withName("datastore")
                            .get())
                    .isNotNull();

            suite.destroyForcibly(); // SIGKILL: no shutdown hook, no afterAll
            suite.waitFor();
            Instant killed = Instant.now();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(10 + 10))
                    .until(() -> admin.genericKubernetesResources("testenv.io/v1alpha1", "TestEnvironment")
                                    .inNamespace(namespace)
                                    .withName("datastore")
                                    .get()
                            == null);
            Duration environmentGone = Duration.between(killed, Instant.now());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10 + 10).minus(environmentGone))
                    .until(() -> gone(namespace));
            Duration namespaceDeleted = Duration.between(killed, Instant.now());
            // then the namespace controller empties and removes it, at its own pace
            Awaitility.await()
                    .atMost(GONE)
                    .until(() -> admin.namespaces().withName(namespace).get() == null);
            System.out.printf(
                    "junit5: after SIGKILL (heartbeat 10 s) the environment was gone in %d ms, its namespace's "
                            + "deletion began in %d ms and the namespace was gone in %d ms%n",
                    environmentGone.toMillis(),
                    namespaceDeleted.toMillis(),
                    Duration.between(killed, Instant.now()).toMillis());
        } finally {
            suite.destroyForcibly();
        }
    }
}
