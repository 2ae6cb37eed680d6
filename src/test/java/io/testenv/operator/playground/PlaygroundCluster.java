package io.testenv.operator.playground;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What the playground runs the operator on: a kwok cluster (the default: the real control plane, fake nodes) or
 * the embedded in-memory imitation ({@code testenv.playground.cluster=embedded}).
 */
interface PlaygroundCluster extends AutoCloseable {

    /** One line for the banner: what this cluster is, and where. */
    String describe();

    Path kubeconfig();

    /** An admin client, closed with the cluster. */
    KubernetesClient client();

    /** When the first pod (kwok) or the object itself (embedded) of a workload was seen. */
    Optional<Instant> firstSeen(String kind, String namespace, String name);

    /** When the workload was seen ready (kwok: its first pod ready; embedded: when the simulator wrote it). */
    Optional<Instant> readyAt(String kind, String namespace, String name);

    /** The processes of the control plane by name (none for the embedded one, which runs in this process). */
    Map<String, Long> processes();

    @Override
    void close();
}
