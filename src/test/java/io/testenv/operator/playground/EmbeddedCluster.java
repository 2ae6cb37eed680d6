package io.testenv.operator.playground;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.testing.ApiServer;
import io.testenv.operator.testing.Controllers;

/**
 * The imitation: an in-memory Kubernetes API (no schema validation, RBAC, garbage collection or controllers) with
 * the workload simulator writing the statuses. Chosen explicitly with {@code testenv.playground.cluster=embedded}.
 */
final class EmbeddedCluster implements PlaygroundCluster {

    private final ApiServer api;
    private final KubernetesClient client;
    private final WorkloadSimulator simulator;
    private final Path kubeconfig;

    private EmbeddedCluster(ApiServer api, KubernetesClient client, WorkloadSimulator simulator, Path kubeconfig) {
        this.api = api;
        this.client = client;
        this.simulator = simulator;
        this.kubeconfig = kubeconfig;
    }

    static EmbeddedCluster start(Settings settings, PrintStream out) throws IOException {
        ApiServer api = startApi(settings.port());
        KubernetesClient client = api.newClient("default");
        try {
            CustomResourceDefinition crd = client.getKubernetesSerialization()
                    .unmarshal(Files.readString(Path.of(Playground.CRD_FILE)), CustomResourceDefinition.class);
            client.resource(crd).serverSideApply();
            new Controllers(client).establishCrd(crd.getMetadata().getName());
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                    .build()).serverSideApply();
            Path kubeconfig = Kubeconfig.write(settings.directory(), api.url());
            WorkloadSimulator simulator = new WorkloadSimulator(client, settings,
                    warning -> out.println("playground: " + warning));
            simulator.start();
            return new EmbeddedCluster(api, client, simulator, kubeconfig);
        } catch (IOException | RuntimeException e) {
            client.close();
            api.close();
            throw e;
        }
    }

    private static ApiServer startApi(int port) {
        try {
            return ApiServer.start(port);
        } catch (IllegalStateException e) {
            if (port != 0 && Playground.causedBy(e, BindException.class)) {
                return ApiServer.start(0);
            }
            throw e;
        }
    }

    @Override
    public String describe() {
        return "an in-memory imitation of the Kubernetes API at " + api.url()
                + " (testenv.playground.cluster=embedded: no validation, RBAC, garbage collection or controllers)";
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public Optional<Instant> firstSeen(String kind, String namespace, String name) {
        return simulator.firstSeenAt(kind, namespace, name);
    }

    @Override
    public Optional<Instant> readyAt(String kind, String namespace, String name) {
        return simulator.readyWrittenAt(kind, namespace, name);
    }

    @Override
    public Map<String, Long> processes() {
        return Map.of();
    }

    @Override
    public void close() {
        simulator.close();
        client.close();
        api.close();
    }
}
