package io.testenv.operator.playground;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a cluster is configured (KUBECONFIG, ~/.kube/config or in-cluster) and answers. */
final class Clusters {

    private Clusters() {}

    static Optional<Config> reachable(PrintStream out) {
        String kubeconfig = System.getenv("KUBECONFIG");
        boolean configured = (kubeconfig != null && !kubeconfig.isBlank() && Files.exists(Path.of(kubeconfig)))
                || Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"))
                || System.getenv("KUBERNETES_SERVICE_HOST") != null;
        if (!configured) {
            return Optional.empty();
        }
        Config config = Config.autoConfigure(null);
        config.setConnectionTimeout(3000);
        config.setRequestTimeout(3000);
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            String version = client.getKubernetesVersion().getGitVersion();
            out.println("testenv: using the configured cluster at " + config.getMasterUrl() + " (" + version + ")");
            return Optional.of(config);
        } catch (RuntimeException e) {
            out.println("testenv: the configured cluster at " + config.getMasterUrl() + " does not answer ("
                    + e.getMessage() + "); starting the playground instead (testenv.playground.mode=never refuses)");
            return Optional.empty();
        }
    }
}
