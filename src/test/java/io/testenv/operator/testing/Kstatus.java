package io.testenv.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.controlplane.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * kstatus itself (sigs.k8s.io/cli-utils' status library, what Flux, kpt, the cli-utils applier and Helm 4's --wait
 * use), built by hack/provision.sh from hack/kstatus, asked what it makes of an object read from the API server.
 */
public final class Kstatus {

    /** kstatus' verdict: Current, InProgress, Failed, Terminating, NotFound or Unknown, with its message. */
    public record Verdict(String status, String message) {}

    private final Path binary = ControlPlane.binaries().resolve("kstatus");
    private final KubernetesClient client;

    public Kstatus(KubernetesClient client) {
        this.client = client;
        assertThat(Files.isExecutable(binary))
                .as("kstatus is built by hack/provision.sh (needs Go and the module proxy): " + binary)
                .isTrue();
    }

    /** What kstatus says of the TestEnvironment as the API server returns it now. */
    public Verdict of(String namespace, String name) {
        GenericKubernetesResource env = client.genericKubernetesResources("testenv.io/v1alpha1", "TestEnvironment")
                .inNamespace(namespace)
                .withName(name)
                .get();
        return of(client.getKubernetesSerialization().asJson(env));
    }

    public Verdict of(String json) {
        try {
            Process process = new ProcessBuilder(binary.toString()).start();
            process.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("kstatus: " + err).isZero();
            String[] parts = out.split("\t", 2);
            return new Verdict(parts[0], parts.length > 1 ? parts[1] : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
