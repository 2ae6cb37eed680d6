package io.testenv.operator.playground;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.controlplane.ControlPlane;
import io.testenv.operator.controlplane.Crds;
import io.testenv.operator.controlplane.KwokCluster;
import io.testenv.operator.controlplane.PodLifecycle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the playground runs the operator on: a kwok cluster, where the real controller-manager and scheduler run the
 * workloads on a fake node, and kwok Stages give the pods the lifecycle their playground annotations ask for.
 */
final class KwokPlaygroundCluster implements AutoCloseable {

    static final String NAME = "testenv-playground";

    private final KwokCluster cluster;
    private final KubernetesClient client;
    private final PodLifecycle pods;
    private final Path kubeconfig;

    private KwokPlaygroundCluster(KwokCluster cluster, KubernetesClient client, PodLifecycle pods, Path kubeconfig) {
        this.cluster = cluster;
        this.client = client;
        this.pods = pods;
        this.kubeconfig = kubeconfig;
    }

    static KwokPlaygroundCluster start(Settings settings, Map<String, String> apiServerFlags, PrintStream out)
            throws IOException {
        KwokCluster cluster = KwokCluster.start(
                NAME,
                settings.directory().resolve("kwok"),
                settings.port(),
                apiServerFlags,
                line -> out.println("playground: " + line));
        KubernetesClient client = cluster.newClient();
        try {
            Crds.installAll(client, Path.of(Playground.CRD_FILE).getParent());
            PodLifecycle pods = new PodLifecycle(client, settings.speed(), w -> out.println("playground: " + w));
            pods.start();
            Path kubeconfig = settings.directory().resolve("kubeconfig");
            Files.copy(cluster.kubeconfig(), kubeconfig, StandardCopyOption.REPLACE_EXISTING);
            return new KwokPlaygroundCluster(cluster, client, pods, kubeconfig);
        } catch (IOException | RuntimeException e) {
            client.close();
            cluster.close();
            throw e;
        }
    }

    /** One line for the banner: what this cluster is, and where. */
    public String describe() {
        return "a kwok cluster at " + cluster.url() + " (Kubernetes " + ControlPlane.kubernetesVersion()
                + ": etcd, kube-apiserver, kube-controller-manager, kube-scheduler; one fake node; logs "
                + Playground.relative(cluster.logs()) + ")";
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** An admin client, closed with the cluster. */
    public KubernetesClient client() {
        return client;
    }

    /** When the first pod of a workload was seen. */
    public Optional<Instant> firstSeen(String kind, String namespace, String name) {
        return pods.firstSeenAt(kind, namespace, name);
    }

    /** When the workload was seen ready: its first pod ready. */
    public Optional<Instant> readyAt(String kind, String namespace, String name) {
        return pods.readyAt(kind, namespace, name);
    }

    /** The processes of the control plane by name. */
    public Map<String, Long> processes() {
        return cluster.pids();
    }

    @Override
    public void close() {
        pods.close();
        client.close();
        cluster.close();
    }
}
