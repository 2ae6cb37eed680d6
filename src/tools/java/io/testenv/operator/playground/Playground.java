package io.testenv.operator.playground;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.controlplane.KwokCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main job: the operator, on the configured cluster when one answers, else on the playground: a kwok cluster
 * (the real control plane, fake nodes, pods that follow the playground annotations). Runs until interrupted. Lives
 * in src/tools, on the test classpath, so nothing of it reaches the operator's production artefact, which it runs as
 * a process.
 */
public final class Playground implements AutoCloseable {

    static final String CRD_FILE = "crds/testenvironments.testenv.io-v1.yml";

    private final Settings settings;
    private final PrintStream out;
    private final Map<String, String> apiServerFlags;
    private KwokPlaygroundCluster cluster;
    private ProgressPrinter progress;
    private OperatorProcess operator;
    private Map<String, String> operatorEnvironment;
    private int restarts;

    private Playground(Settings settings, Map<String, String> apiServerFlags, PrintStream out) {
        this.settings = settings;
        this.apiServerFlags = Map.copyOf(apiServerFlags);
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
        AutoCloseable started;
        try {
            started = cluster.isPresent()
                    ? ClusterRun.start(cluster.get(), settings, System.out)
                    : Playground.start(settings, System.out);
        } catch (KwokCluster.PortInUse e) {
            System.err.println("testenv: " + e.getMessage() + "; nothing was started");
            System.exit(1);
            return;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        OperatorProcess operator =
                started instanceof Playground playground ? playground.operator : ((ClusterRun) started).operator();
        // The operator dying (a crash, kill -9, the OOM killer) ends the run at once, and says so: a playground
        // whose operator is gone would otherwise look alive and leave every environment without a status.
        operator.exit().thenAccept(code -> {
            if (!stopping.get()) {
                System.err.println("testenv: the operator exited with code " + code + "; its log: "
                        + relative(operator.log()) + ". Stopping.");
                System.exit(1);
            }
        });
        try (AutoCloseable running = started) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopping.set(true);
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

    /** The playground on free ports, its files in target/{@code directory}: what the end-to-end tests run on. */
    public static Playground startOnFreePorts(double speed, String directory, PrintStream out) throws IOException {
        return start(
                new Settings(speed, "always", 0, Path.of("target", directory).toAbsolutePath(), freePort()), out);
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int operatorHttpPort() {
        return settings.operatorHttpPort();
    }

    /** Starts the cluster, the progress printer and the operator process; on any failure, stops what started. */
    public static Playground start(Settings settings, PrintStream out) throws IOException {
        return start(settings, Map.of(), out);
    }

    /**
     * The playground with extra kube-apiserver flags (without the dashes), for runs that measure the API server
     * itself, such as the benchmark's audit log.
     */
    public static Playground start(Settings settings, Map<String, String> apiServerFlags, PrintStream out)
            throws IOException {
        if (settings.operatorHttpPort() != 0 && !KwokCluster.free(settings.operatorHttpPort())) {
            throw new KwokCluster.PortInUse("port " + settings.operatorHttpPort() + " for the operator's HTTP server"
                    + " is in use (testenv.playground.operator-http-port chooses another)");
        }
        Playground playground = new Playground(settings, apiServerFlags, out);
        try {
            playground.startAll();
            return playground;
        } catch (IOException | RuntimeException e) {
            playground.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        cluster = KwokPlaygroundCluster.start(settings, apiServerFlags, out);
        progress = new ProgressPrinter(cluster.client(), out, Clock.systemUTC());
        progress.start();
        Map<String, String> environment = new HashMap<>();
        environment.put("KUBECONFIG", cluster.kubeconfig().toString());
        // The samples install their CRDs; nothing else may be created cluster-wide, and nothing outside an
        // environment's namespace.
        environment.put("TESTENV_CLUSTER_SCOPED_KINDS", "CustomResourceDefinition");
        environment.put("TESTENV_LEADER_ELECTION_ENABLED", "false");
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(settings.operatorHttpPort()));
        // Its metrics and health endpoints are for this machine only.
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        if (!settings.operatorJvmOptions().isBlank()) {
            environment.put("JAVA_TOOL_OPTIONS", settings.operatorJvmOptions());
        }
        operatorEnvironment = Map.copyOf(environment);
        operator = OperatorProcess.start(environment, operatorLog(0));
        printBanner();
    }

    private void printBanner() {
        String kc = relative(cluster.kubeconfig());
        out.printf(
                """
                testenv playground: the operator on %s
                  kubeconfig  %s
                  operator    %s (log %s), metrics http://127.0.0.1:%d/q/metrics
                  pods        ready after their playground.testenv.io/ready-after, x%s speed (testenv.playground.speed)
                try, in another terminal:
                  kubectl --kubeconfig %s apply -f samples/datastorage.yaml
                  kubectl --kubeconfig %s -n datastorage wait --for=condition=Ready te/datastorage --timeout=5m
                  kubectl --kubeconfig %s -n datastorage get te,pods
                Ctrl-C stops.
                """,
                cluster.describe(),
                kc,
                OperatorProcess.JAR,
                relative(operator.log()),
                settings.operatorHttpPort(),
                trim(settings.speed()),
                kc,
                kc,
                kc);
    }

    public Path kubeconfig() {
        return cluster.kubeconfig();
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    /** When the playground first saw a workload: its first pod. */
    public Optional<java.time.Instant> simulatorSaw(String kind, String namespace, String name) {
        return cluster.firstSeen(kind, namespace, name);
    }

    /** When the workload was seen ready: its first pod ready. */
    public Optional<java.time.Instant> simulatorMadeReady(String kind, String namespace, String name) {
        return cluster.readyAt(kind, namespace, name);
    }

    /** The control plane's processes by name. */
    public Map<String, Long> controlPlaneProcesses() {
        return cluster.processes();
    }

    public long operatorPid() {
        return operator.pid();
    }

    /**
     * Kills the operator with SIGKILL, as a node failure would (no shutdown hook, nothing flushed), and starts a
     * new one, logging to {@code operator-<n>.log}.
     */
    public void killAndRestartOperator() throws IOException {
        operator.kill();
        operator = OperatorProcess.start(operatorEnvironment, operatorLog(++restarts));
    }

    /**
     * Stops the operator with SIGTERM, as Kubernetes stops a pod, and starts a new one, logging to
     * {@code operator-<n>.log}: how long the stop took, or empty when the operator had not exited within
     * {@code grace} and was killed.
     */
    public Optional<Duration> terminateAndRestartOperator(Duration grace) throws IOException {
        Optional<Duration> stopped = operator.terminate(grace);
        operator = OperatorProcess.start(operatorEnvironment, operatorLog(++restarts));
        return stopped;
    }

    /** The log of the operator started {@code restart} times after the first: operator.log, operator-1.log, ... */
    private Path operatorLog(int restart) {
        return settings.directory().resolve(restart == 0 ? "operator.log" : "operator-" + restart + ".log");
    }

    /** Stops the operator (SIGTERM) and leaves it stopped, until {@link #startOperator()}. */
    public void stopOperator() {
        operator.terminate(Duration.ofSeconds(30));
    }

    /** Starts the operator again after {@link #stopOperator()}, logging to {@code operator-<n>.log}. */
    public void startOperator() throws IOException {
        operator = OperatorProcess.start(operatorEnvironment, operatorLog(++restarts));
    }

    /** The log of the operator before the current one, or the current one's when it is the first. */
    public Path previousOperatorLog() {
        return restarts == 0 ? operator.log() : operatorLog(restarts - 1);
    }

    /**
     * Stops the operator and starts it again with these changes to its environment (another {@code KUBECONFIG},
     * client settings), logging to {@code operator-<n>.log}.
     */
    public void restartOperatorWith(Map<String, String> changes) throws IOException {
        operator.close();
        Map<String, String> environment = new HashMap<>(operatorEnvironment);
        environment.putAll(changes);
        operatorEnvironment = Map.copyOf(environment);
        operator = OperatorProcess.start(operatorEnvironment, operatorLog(++restarts));
    }

    /**
     * Replaces the operator by {@code count} replicas with leader election on (Lease {@code testenv-operator} in
     * namespace default), each with its own identity (HOSTNAME) and HTTP port, as a Deployment with replicas runs
     * them. The replicas are the caller's to stop.
     */
    List<OperatorProcess> replaceOperatorWithReplicas(int count) throws IOException {
        operator.close();
        List<OperatorProcess> replicas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> environment = new HashMap<>(operatorEnvironment);
            environment.put("TESTENV_LEADER_ELECTION_ENABLED", "true");
            environment.put("KUBERNETES_NAMESPACE", "default");
            environment.put("HOSTNAME", "replica-" + i);
            environment.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
            replicas.add(OperatorProcess.start(environment, settings.directory().resolve("replica-" + i + ".log")));
        }
        operator = replicas.get(0);
        return replicas;
    }

    /**
     * Stops the playground's own operator for good, so that the caller can run shards of its own
     * ({@link #startShard}).
     */
    void stopOwnOperator() {
        operator.close();
    }

    /**
     * Starts a replica of the shard {@code key} ({@code testenv.shard}; empty: the replica without a shard), with
     * leader election on its shard's Lease in namespace default, the identity (HOSTNAME) {@code shard-<key>} or
     * {@code unsharded}, an HTTP port of its own, and its log in {@code <logName>.log}. The caller stops it.
     */
    OperatorProcess startShard(String key, String logName) throws IOException {
        Map<String, String> environment = new HashMap<>(operatorEnvironment);
        environment.put("TESTENV_LEADER_ELECTION_ENABLED", "true");
        environment.put("KUBERNETES_NAMESPACE", "default");
        environment.put("HOSTNAME", key.isEmpty() ? "unsharded" : "shard-" + key);
        if (!key.isEmpty()) {
            environment.put("TESTENV_SHARD", key);
        }
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        return OperatorProcess.start(environment, settings.directory().resolve(logName + ".log"));
    }

    /** Whether the operator answers its readiness probe. */
    public boolean operatorReady() {
        return operator != null && operator.ready();
    }

    public boolean operatorAlive() {
        return operator != null && operator.isAlive();
    }

    public Path operatorLog() {
        return operator.log();
    }

    @Override
    public void close() {
        for (AutoCloseable part : new AutoCloseable[] {operator, progress, cluster}) {
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
}
