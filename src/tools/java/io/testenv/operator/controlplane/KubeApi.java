package io.testenv.operator.controlplane;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver (and its etcd) as the tests see it: a client in {@code system:masters}, the kubeconfig
 * file, and the provisioned kubectl of the same version.
 */
public final class KubeApi implements AutoCloseable {

    private final Path kubeconfig;
    private final Config config;
    private KubernetesClient client;

    KubeApi(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
        try {
            this.config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String url() {
        return config.getMasterUrl();
    }

    /** A client with the admin's rights, created on first use and closed with this. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        return client;
    }

    /** Runs the provisioned kubectl against this server; stdin may be null. */
    public Result kubectl(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ControlPlane.binaries().resolve("kubectl").toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        return run(new ProcessBuilder(command), stdin, Duration.ofSeconds(60));
    }

    /**
     * Runs a command with its output (stdout and stderr) going to a file, so that the timeout holds even when it
     * prints nothing or never stops; a command that overruns is killed with its descendants.
     */
    static Result run(ProcessBuilder builder, String stdin, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile("command-", ".out");
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", builder.command()) + " did not finish in " + timeout
                        + ":\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** What a kubectl run printed (stdout and stderr) and its exit code. */
    public record Result(int exitCode, String output) {}

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
