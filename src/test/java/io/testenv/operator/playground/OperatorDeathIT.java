package io.testenv.operator.playground;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.controlplane.KwokCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The playground as a user runs it (its main, in a process of its own): when its operator dies (kill -9, as the
 * OOM killer would), the playground says so on the console and exits at once, stopping the cluster, instead of
 * looking alive with no operator behind it.
 */
class OperatorDeathIT {

    @Test
    void theOperatorsDeathEndsThePlaygroundAtOnceAndSaysSo() throws Exception {
        int apiPort = Playground.freePort();
        int httpPort = Playground.freePort();
        Path dir = Path.of("target", "playground-death").toAbsolutePath();
        Files.createDirectories(dir);
        Path console = dir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Playground.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().put("TESTENV_PLAYGROUND_MODE", "always");
        builder.environment().put("TESTENV_PLAYGROUND_PORT", String.valueOf(apiPort));
        builder.environment().put("TESTENV_PLAYGROUND_DIR", dir.toString());
        builder.environment().put("TESTENV_PLAYGROUND_OPERATOR_HTTP_PORT", String.valueOf(httpPort));
        Process playground = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .ignoreExceptions()
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(URI.create(
                                                            "http://127.0.0.1:" + httpPort + "/q/health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);
            ProcessHandle operator = playground
                    .descendants()
                    .filter(p -> p.info()
                            .commandLine()
                            .orElse("")
                            .contains(OperatorProcess.JAR.getFileName().toString()))
                    .findFirst()
                    .orElseThrow();

            operator.destroyForcibly();

            assertThat(playground.waitFor(60, TimeUnit.SECONDS))
                    .as("the playground exited")
                    .isTrue();
            assertThat(playground.exitValue()).isEqualTo(1);
            assertThat(Files.readString(console)).contains("testenv: the operator exited with code", "Stopping.");
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> KwokCluster.free(apiPort));
        } finally {
            playground.descendants().forEach(ProcessHandle::destroyForcibly);
            playground.destroyForcibly();
        }
    }
}
