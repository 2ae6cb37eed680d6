package io.testenv.operator.controlplane;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A whole Kubernetes cluster without kubelets, on loopback: {@code kwokctl --runtime binary} runs the provisioned
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the kwok controller as plain processes; one
 * fake node takes the pods, and the Stages of {@code kwok/stages.yaml} give them their lifecycle.
 */
public final class KwokCluster implements AutoCloseable {

    static final String NODE = "kwok-node-0";

    private final String name;
    private final Path workdir;
    private final Path bin;
    private final Path kubeconfig;
    private final Map<String, String> apiServerFlags;
    private final Thread hook = new Thread(this::delete, "kwok-cluster-delete");

    private KwokCluster(String name, Path workdir, Path bin, Map<String, String> apiServerFlags) {
        this.name = name;
        this.workdir = workdir;
        this.bin = bin;
        this.apiServerFlags = Map.copyOf(apiServerFlags);
        this.kubeconfig = workdir.resolve("clusters").resolve(name).resolve("kubeconfig.yaml");
    }

    /** A port that is taken, reported as such rather than as a failed start. */
    public static final class PortInUse extends IllegalStateException {
        public PortInUse(String message) {
            super(message);
        }
    }

    /**
     * Creates the cluster (deleting a stale one of the same name first) and its node.
     *
     * @param apiPort the API server's port on 127.0.0.1, 0 for any free one
     */
    public static KwokCluster start(String name, Path workdir, int apiPort, Progress out) {
        return start(name, workdir, apiPort, Map.of(), out);
    }

    /**
     * Creates the cluster with extra kube-apiserver flags (without the dashes: {@code audit-log-path} to a path),
     * for runs that measure the API server itself, such as the benchmark's audit log.
     */
    public static KwokCluster start(
            String name, Path workdir, int apiPort, Map<String, String> apiServerFlags, Progress out) {
        Path bin = ControlPlane.binaries();
        KwokCluster cluster = new KwokCluster(name, workdir.toAbsolutePath(), bin, apiServerFlags);
        cluster.delete();
        if (apiPort != 0 && !free(apiPort)) {
            throw new PortInUse("port " + apiPort + " for the kwok cluster's API server is in use");
        }
        long started = System.nanoTime();
        // A JVM that exits without closing the cluster (Ctrl-C, a failed test run) must not leave it running.
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            Path config = cluster.writeConfig(apiPort);
            Path stages = cluster.workdir.resolve("stages.yaml");
            try (InputStream in = KwokCluster.class.getResourceAsStream("/kwok/stages.yaml")) {
                Files.copy(in, stages, StandardCopyOption.REPLACE_EXISTING);
            }
            KubeApi.Result created = cluster.kwokctl(
                    Duration.ofMinutes(5),
                    "create",
                    "cluster",
                    "--config",
                    config.toString(),
                    "--config",
                    stages.toString(),
                    "--kubeconfig",
                    "",
                    "--wait",
                    "3m");
            if (created.exitCode() != 0) {
                throw new IllegalStateException("kwokctl create cluster failed (exit " + created.exitCode() + "):\n"
                        + created.output() + cluster.logTails());
            }
            cluster.addNode();
            out.line(String.format(
                    "kwok cluster %s up in %.1f s (Kubernetes %s, API %s)",
                    name, (System.nanoTime() - started) / 1e9, ControlPlane.kubernetesVersion(), cluster.url()));
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.delete();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Where progress lines go. */
    @FunctionalInterface
    public interface Progress {
        void line(String line);
    }

    private Path writeConfig(int apiPort) throws IOException {
        Files.createDirectories(workdir);
        Path config = workdir.resolve("kwokctl.yaml");
        Files.writeString(config, """
                apiVersion: config.kwok.x-k8s.io/v1alpha1
                kind: KwokctlConfiguration
                options:
                  runtime: binary
                  bindAddress: 127.0.0.1
                  kubeApiserverPort: %d
                  kubeVersion: v%s
                  kubeApiserverBinary: %s
                  kubeControllerManagerBinary: %s
                  kubeSchedulerBinary: %s
                  kwokControllerBinary: %s
                  etcdBinary: %s
                  kubectlBinary: %s
                # The controller-manager's and scheduler's client rate limits (20 and 50 requests/s by default)
                # would make hundreds of environments wait on client-side throttling; large clusters raise them.
                # The API server's default service range, 10.0.0.0/24, holds 254 Services: fewer than 150
                # environments of 4 Services each need. A /16 holds 65534.
                componentsPatches:
                - name: kube-apiserver
                  extraArgs:
                  - {key: service-cluster-ip-range, value: "10.96.0.0/16"}
                %s- name: kube-controller-manager
                  extraArgs:
                  - {key: kube-api-qps, value: "500"}
                  - {key: kube-api-burst, value: "1000"}
                  - {key: concurrent-deployment-syncs, value: "20"}
                  - {key: concurrent-replicaset-syncs, value: "20"}
                  - {key: concurrent-statefulset-syncs, value: "20"}
                  - {key: concurrent-job-syncs, value: "20"}
                - name: kube-scheduler
                  extraArgs:
                  - {key: kube-api-qps, value: "500"}
                  - {key: kube-api-burst, value: "1000"}
                """.formatted(
                        apiPort,
                        ControlPlane.kubernetesVersion(),
                        bin.resolve("kube-apiserver"),
                        bin.resolve("kube-controller-manager"),
                        bin.resolve("kube-scheduler"),
                        bin.resolve("kwok"),
                        bin.resolve("etcd"),
                        bin.resolve("kubectl"),
                        extraApiServerArgs()));
        return config;
    }

    private String extraApiServerArgs() {
        StringBuilder args = new StringBuilder();
        new java.util.TreeMap<>(apiServerFlags)
                .forEach((key, value) -> args.append("  - {key: %s, value: \"%s\"}\n".formatted(key, value)));
        return args.toString();
    }

    private void addNode() {
        try (KubernetesClient client = newClient()) {
            Map<String, Quantity> capacity =
                    Map.of("cpu", new Quantity("1000"), "memory", new Quantity("4Ti"), "pods", new Quantity("100000"));
            client.nodes()
                    .resource(new NodeBuilder()
                            .withNewMetadata()
                            .withName(NODE)
                            .withLabels(Map.of(
                                    "kubernetes.io/hostname",
                                    NODE,
                                    "kubernetes.io/os",
                                    "linux",
                                    "kubernetes.io/arch",
                                    "amd64",
                                    "type",
                                    "kwok"))
                            .withAnnotations(Map.of("kwok.x-k8s.io/node", "fake"))
                            .endMetadata()
                            .withNewStatus()
                            .withCapacity(capacity)
                            .withAllocatable(capacity)
                            .endStatus()
                            .build())
                    .create();
            client.nodes()
                    .withName(NODE)
                    .waitUntilCondition(
                            n -> n != null
                                    && n.getStatus() != null
                                    && n.getStatus().getConditions() != null
                                    && n.getStatus().getConditions().stream()
                                            .anyMatch(c -> c.getType().equals("Ready")
                                                    && c.getStatus().equals("True")),
                            60,
                            TimeUnit.SECONDS);
        }
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String url() {
        return config().getMasterUrl();
    }

    public Config config() {
        try {
            return Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new admin client of the cluster; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** The control plane's processes (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok). */
    public Map<String, Long> pids() {
        Path dir = workdir.resolve("clusters").resolve(name).resolve("pids");
        Map<String, Long> pids = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                pids.put(
                        file.getFileName().toString().replace(".pid", ""),
                        Long.parseLong(Files.readString(file).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            return pids;
        }
        return pids;
    }

    public Path logs() {
        return workdir.resolve("clusters").resolve(name).resolve("logs");
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        try (Stream<Path> files = Files.list(logs())) {
            for (Path file : files.toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                tails.append("\n---- ")
                        .append(file.getFileName())
                        .append(" ----\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (IOException e) {
            return "";
        }
        return tails.toString();
    }

    /** Deletes the cluster; if kwokctl cannot, its processes are killed from their pid files. */
    private void delete() {
        if (!Files.isDirectory(workdir.resolve("clusters").resolve(name))) {
            return;
        }
        Map<String, Long> pids = pids();
        KubeApi.Result deleted;
        try {
            deleted = kwokctl(Duration.ofMinutes(1), "delete", "cluster");
        } catch (IllegalStateException e) {
            deleted = new KubeApi.Result(-1, e.getMessage());
        }
        if (deleted.exitCode() != 0) {
            pids.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private KubeApi.Result kwokctl(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("kwokctl").toString(), "--name", name));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KWOK_WORKDIR", workdir.toString());
        // kwokctl waits for the API with the kubectl it finds first on PATH: the provisioned one, of the same version.
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        return KubeApi.run(builder, null, timeout);
    }

    public static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs delete() again, which finds nothing left
        }
    }
}
