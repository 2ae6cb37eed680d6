package io.testenv.operator.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the control-plane binaries are: the versions pinned in {@code hack/control-plane.env}, in the cache that
 * {@code hack/provision.sh} fills ({@code $TESTENV_BIN_CACHE}, default {@code ~/.cache/testenv-operator/bin}).
 * When the cache lacks them, {@link #binaries()} runs the script, which builds them from the Go module proxy or
 * downloads the release binaries, so that {@code ./mvnw verify} works on a fresh machine.
 */
public final class ControlPlane {

    static final Path VERSIONS = Path.of("hack", "control-plane.env");
    static final Path SCRIPT = Path.of("hack", "provision.sh");
    private static final List<String> BINARIES = List.of(
            "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "etcd", "kwok", "kwokctl");

    private static Path provisioned;

    private ControlPlane() {}

    /** The pinned versions: K8S_VERSION, ETCD_VERSION, KWOK_VERSION. */
    public static Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(VERSIONS)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    versions.put(
                            line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : List.of("K8S_VERSION", "ETCD_VERSION", "KWOK_VERSION")) {
            String override = System.getenv(key);
            if (override != null && !override.isBlank()) {
                versions.put(key, override);
            }
        }
        return versions;
    }

    public static String kubernetesVersion() {
        return versions().get("K8S_VERSION");
    }

    /** The directory of the binaries, provisioned first if the cache lacks them. */
    public static synchronized Path binaries() {
        if (provisioned != null) {
            return provisioned;
        }
        Path dir = cacheDirectory();
        if (!complete(dir)) {
            provision();
        }
        if (!complete(dir)) {
            throw new IllegalStateException("hack/provision.sh did not leave the control-plane binaries in " + dir);
        }
        provisioned = dir;
        return dir;
    }

    /** The layout io.fabric8:kube-api-test reads: k8s/&lt;version&gt;-linux-amd64/{etcd,kube-apiserver,kubectl}. */
    public static Path kubeApiTestDirectory() {
        return binaries().resolve("kubeapitest");
    }

    static Path cacheDirectory() {
        Map<String, String> v = versions();
        String root = System.getenv("TESTENV_BIN_CACHE");
        Path cache;
        if (root != null && !root.isBlank()) {
            cache = Path.of(root);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            cache = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("testenv-operator")
                    .resolve("bin");
        }
        return cache.resolve(
                "k8s-" + v.get("K8S_VERSION") + "-etcd-" + v.get("ETCD_VERSION") + "-kwok-" + v.get("KWOK_VERSION"));
    }

    private static boolean complete(Path dir) {
        return Files.exists(dir.resolve(".complete"))
                && BINARIES.stream().allMatch(b -> Files.isExecutable(dir.resolve(b)))
                && Files.isExecutable(dir.resolve("kubeapitest")
                        .resolve("k8s")
                        .resolve(versions().get("K8S_VERSION") + "-linux-amd64")
                        .resolve("etcd"));
    }

    private static void provision() {
        System.out.println("control plane: not in the cache; running " + SCRIPT + " (a cold build takes many minutes)");
        try {
            Process process =
                    new ProcessBuilder("bash", SCRIPT.toString()).inheritIO().start();
            if (!process.waitFor(80, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " did not finish in 80 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        SCRIPT + " failed (exit " + process.exitValue() + "); its output is above");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
