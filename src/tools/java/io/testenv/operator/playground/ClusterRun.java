package io.testenv.operator.playground;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** The operator against a real cluster, nothing simulated: the process, and the same progress lines. */
final class ClusterRun implements AutoCloseable {

    private final KubernetesClient client;
    private final ProgressPrinter progress;
    private final OperatorProcess operator;

    private ClusterRun(KubernetesClient client, ProgressPrinter progress, OperatorProcess operator) {
        this.client = client;
        this.progress = progress;
        this.operator = operator;
    }

    static ClusterRun start(Config config, Settings settings, PrintStream out) throws IOException {
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        if (client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("testenvironments.testenv.io")
                        .get()
                == null) {
            client.close();
            throw new IllegalStateException("the cluster has no TestEnvironment CRD: kubectl apply -f crds/");
        }
        ProgressPrinter progress = new ProgressPrinter(client, out, Clock.systemUTC());
        progress.start();
        OperatorProcess operator = OperatorProcess.start(
                Map.of(
                        "TESTENV_LEADER_ELECTION_ENABLED",
                        "false",
                        "QUARKUS_HTTP_PORT",
                        String.valueOf(settings.operatorHttpPort()),
                        "QUARKUS_HTTP_HOST",
                        "127.0.0.1"),
                settings.directory().resolve("operator.log"));
        out.println("testenv: operator running against " + config.getMasterUrl() + " (log "
                + Playground.relative(operator.log()) + "); Ctrl-C stops");
        return new ClusterRun(client, progress, operator);
    }

    OperatorProcess operator() {
        return operator;
    }

    @Override
    public void close() {
        operator.close();
        progress.close();
        client.close();
    }
}
