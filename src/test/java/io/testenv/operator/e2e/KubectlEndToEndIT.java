package io.testenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.ControlPlane;
import io.testenv.operator.playground.Playground;
import io.testenv.operator.testing.Samples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator on the playground's kwok cluster (real API server, controller-manager and scheduler; fake
 * nodes), driven by kubectl through e2e/kubectl-e2e.sh, the script the kind workflow runs against a real cluster:
 * apply, wait for Ready and for each component's condition, the printer columns of kubectl get and get -w, the
 * pods, kubectl explain, the Events of kubectl describe, a Job failure as kubectl shows it, and garbage
 * collection when an environment is deleted.
 */
class KubectlEndToEndIT {

    static Playground playground;
    static int operatorPort;

    @BeforeAll
    static void startPlayground() throws IOException {
        playground = Playground.startOnFreePorts(20, "e2e", System.out);
        operatorPort = playground.operatorHttpPort();
    }

    @AfterAll
    static void stopPlayground() {
        if (playground != null) {
            playground.close();
        }
    }

    @Test
    void samplesBehaveThroughKubectl() throws Exception {
        Path output = Path.of("target", "e2e", "kubectl-e2e.log");
        ProcessBuilder script = new ProcessBuilder(List.of("bash", "e2e/kubectl-e2e.sh"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        script.environment().put("KUBECONFIG", playground.kubeconfig().toString());
        // kubectl of the control plane's own version first (kubectl supports one minor version of skew)
        script.environment().put("PATH", ControlPlane.binaries() + ":" + System.getenv("PATH"));
        script.environment().put("EXPECT_JOB_FAILURE", "1");
        script.environment().put("WAIT_TIMEOUT", "60s");
        script.environment().put("OPERATOR_LOG", playground.operatorLog().toString());
        Process process = script.start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);

        assertThat(finished).as("the script finished").isTrue();
        assertThat(process.exitValue())
                .as("e2e/kubectl-e2e.sh exit code; its output is above")
                .isZero();
        assertThat(log).contains("e2e: all kubectl checks passed");
        assertThat(playground.operatorAlive()).isTrue();
    }

    /** The packaged operator (prod profile) exports its own metrics and JOSDK's reconcile metrics. */
    @Test
    void operatorExportsMetrics() throws Exception {
        TestEnvironment env = playground
                .client()
                .getKubernetesSerialization()
                .unmarshal(Samples.environment("hello-world.yaml"), TestEnvironment.class);
        env.getMetadata().setNamespace("metrics-e2e");
        playground
                .client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("metrics-e2e")
                        .endMetadata()
                        .build())
                .serverSideApply();
        playground.client().resource(env).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            TestEnvironment current = playground
                    .client()
                    .resources(TestEnvironment.class)
                    .inNamespace("metrics-e2e")
                    .withName("hello-world")
                    .get();
            return current.getStatus() != null && current.getStatus().getPhase() == EnvironmentPhase.Ready;
        });

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operatorPort + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "operator_sdk_reconciliations_started_total",
                        "testenv_reconciles_total",
                        "testenv_gate_latency_seconds_bucket",
                        "testenv_environment_ready_seconds_count{strategy=\"Parallel\"}",
                        "jvm_memory_used_bytes");
    }

    /** The playground's operator serves its metrics and health on the loopback address only. */
    @Test
    void operatorListensOnLoopbackOnly() throws Exception {
        java.util.List<java.net.InetAddress> others =
                java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                        .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
                        .filter(address -> !address.isLoopbackAddress() && address instanceof java.net.Inet4Address)
                        .toList();
        org.junit.jupiter.api.Assumptions.assumeFalse(others.isEmpty(), "this machine has no other address");
        try (java.net.Socket loopback = new java.net.Socket("127.0.0.1", operatorPort)) {
            assertThat(loopback.isConnected()).isTrue();
        }
        for (java.net.InetAddress address : others) {
            try (java.net.Socket socket = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> socket.connect(new java.net.InetSocketAddress(address, operatorPort), 2000))
                        .as("the operator's port on %s", address)
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }
}
