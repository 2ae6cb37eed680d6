package io.testenv.operator.playground;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.testing.ApiServer;
import io.testenv.operator.testing.Controllers;

/**
 * The main job: the operator, on the configured cluster when one answers, else on the playground, an in-memory
 * Kubernetes API with simulated workloads. Runs until interrupted. Lives on the test classpath, so nothing of it
 * (nor the mock server it builds on) reaches the operator's production artefact, which it runs as a process.
 */
public final class Playground implements AutoCloseable {

    static final String CRD_FILE = "crds/testenvironments.testenv.io-v1.yml";

    private final Settings settings;
    private final PrintStream out;
    private ApiServer api;
    private KubernetesClient client;
    private WorkloadSimulator simulator;
    private ProgressPrinter progress;
    private OperatorProcess operator;
    private Path kubeconfig;

    private Playground(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        Optional<Config> cluster = settings.mode().equals("always") ? Optional.empty() : Clusters.reachable(System.out);
        if (cluster.isEmpty() && settings.mode().equals("never")) {
            System.err.println("testenv: no reachable cluster, and testenv.playground.mode=never");
            System.exit(2);
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (AutoCloseable running = cluster.isPresent() ? ClusterRun.start(cluster.get(), settings, System.out)
                : Playground.start(settings, System.out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                try {
                    running.close();
                } catch (Exception e) {
                    System.err.println("testenv: while stopping: " + e.getMessage());
                }
            }));
            stop.await();
        }
    }

    /** Starts the embedded API, the simulator, the progress printer and the operator process. */
    public static Playground start(Settings settings, PrintStream out) throws IOException {
        Playground playground = new Playground(settings, out);
        try {
            playground.startAll();
            return playground;
        } catch (IOException | RuntimeException e) {
            playground.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        api = startApi(settings.port());
        client = api.newClient("default");
        installCrd();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                .build()).serverSideApply();
        kubeconfig = Kubeconfig.write(settings.directory(), api.url());
        simulator = new WorkloadSimulator(client, settings, warning -> out.println("playground: " + warning));
        simulator.start();
        progress = new ProgressPrinter(client, out, Clock.systemUTC());
        progress.start();
        Map<String, String> environment = new HashMap<>();
        environment.put("KUBECONFIG", kubeconfig.toString());
        environment.put("TESTENV_ALLOW_CLUSTER_SCOPED", "true");
        environment.put("TESTENV_ALLOW_OTHER_NAMESPACES", "true");
        environment.put("TESTENV_LEADER_ELECTION_ENABLED", "false");
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(settings.operatorHttpPort()));
        if (!settings.operatorJvmOptions().isBlank()) {
            environment.put("JAVA_TOOL_OPTIONS", settings.operatorJvmOptions());
        }
        operator = OperatorProcess.start(environment, settings.directory().resolve("operator.log"));
        printBanner();
    }

    private static ApiServer startApi(int port) {
        try {
            return ApiServer.start(port);
        } catch (IllegalStateException e) {
            if (port != 0 && causedBy(e, BindException.class)) {
                return ApiServer.start(0);
            }
            throw e;
        }
    }

    private void installCrd() throws IOException {
        CustomResourceDefinition crd = client.getKubernetesSerialization()
                .unmarshal(Files.readString(Path.of(CRD_FILE)), CustomResourceDefinition.class);
        client.resource(crd).serverSideApply();
        new Controllers(client).establishCrd(crd.getMetadata().getName());
    }

    private void printBanner() {
        String kc = relative(kubeconfig);
        out.printf("""
                testenv playground: the operator on an in-memory Kubernetes API at %s
                  kubeconfig  %s
                  operator    %s (log %s), metrics http://localhost:%d/q/metrics
                  simulated   workload readiness, x%s speed (testenv.playground.speed / TESTENV_PLAYGROUND_SPEED)
                try, in another terminal:
                  kubectl --kubeconfig %s apply -f samples/datastorage.yaml
                  kubectl --kubeconfig %s wait --for=condition=Ready testenvironment/datastorage --timeout=5m
                  kubectl --kubeconfig %s get te
                Ctrl-C stops.
                """, api.url(), kc, OperatorProcess.JAR, relative(operator.log()), settings.operatorHttpPort(),
                trim(settings.speed()), kc, kc, kc);
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public KubernetesClient client() {
        return client;
    }

    /** When the simulator first saw an object (empty if it never did). */
    public Optional<java.time.Instant> simulatorSaw(String kind, String namespace, String name) {
        return simulator.firstSeenAt(kind, namespace, name);
    }

    /** When the simulator wrote an object ready (empty if it has not). */
    public Optional<java.time.Instant> simulatorMadeReady(String kind, String namespace, String name) {
        return simulator.readyWrittenAt(kind, namespace, name);
    }

    public long operatorPid() {
        return operator.pid();
    }

    public boolean operatorAlive() {
        return operator != null && operator.isAlive();
    }

    public Path operatorLog() {
        return operator.log();
    }

    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {operator, progress, simulator, client, api}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                out.println("playground: while stopping: " + e.getMessage());
            }
        }
    }

    static String relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    }

    private static String trim(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
