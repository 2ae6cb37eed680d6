package io.testenv.operator.playground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operator as it ships: the packaged application ({@code target/quarkus-app/quarkus-run.jar}) started as its
 * own process, on the same JVM as this one, with its log going to a file.
 */
final class OperatorProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final Path log;
    private final int httpPort;
    /** A JVM that exits without closing this (Ctrl-C, a killed benchmark) must not leave the operator running. */
    private final Thread hook;

    private OperatorProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.hook = new Thread(process::destroyForcibly, "operator-process-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static OperatorProcess start(Map<String, String> environment, Path log) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build it with ./mvnw package first");
        }
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        List.of(java, "-jar", JAR.toAbsolutePath().toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new OperatorProcess(
                builder.start(), log, Integer.parseInt(environment.getOrDefault("QUARKUS_HTTP_PORT", "8080")));
    }

    /** Whether its readiness endpoint answers 200. */
    boolean ready() {
        try {
            var connection = (java.net.HttpURLConnection) java.net
                    .URI
                    .create("http://127.0.0.1:" + httpPort + "/q/health/ready")
                    .toURL()
                    .openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(500);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the process ends, however it ends. */
    java.util.concurrent.CompletableFuture<Integer> exit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * SIGTERM, as Kubernetes stops a pod: how long the process took to exit by itself, or empty when it had not
     * within {@code grace} and was killed.
     */
    Optional<Duration> terminate(Duration grace) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook stops the process
        }
        long started = System.nanoTime();
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return Optional.empty();
    }

    /** SIGKILL: the process ends at once, without its shutdown hooks. */
    public void kill() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook stops the process
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook stops the process
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
