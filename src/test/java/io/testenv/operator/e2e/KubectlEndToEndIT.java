package io.testenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.testenv.operator.playground.Playground;
import io.testenv.operator.playground.Settings;

/**
 * The packaged operator on the playground, driven by the real kubectl through e2e/kubectl-e2e.sh, the script the
 * kind workflow runs against a real cluster: apply, wait for Ready and for each component's condition, the
 * printer columns of kubectl get, the Events of kubectl describe, and a failure as kubectl shows it.
 */
class KubectlEndToEndIT {

    static Playground playground;

    @BeforeAll
    static void startPlayground() throws IOException {
        assertThat(kubectl()).as("kubectl on PATH").isNotNull();
        playground = Playground.start(new Settings(20, "always", 0, Path.of("target", "e2e").toAbsolutePath(), 0),
                System.out);
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
                .redirectErrorStream(true).redirectOutput(output.toFile());
        script.environment().put("KUBECONFIG", playground.kubeconfig().toString());
        script.environment().put("EXPECT_JOB_FAILURE", "1");
        script.environment().put("WAIT_TIMEOUT", "60s");
        script.environment().put("OPERATOR_LOG", playground.operatorLog().toString());
        Process process = script.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);

        assertThat(finished).as("the script finished").isTrue();
        assertThat(process.exitValue()).as("e2e/kubectl-e2e.sh exit code; its output is above").isZero();
        assertThat(log).contains("e2e: all kubectl checks passed");
        assertThat(playground.operatorAlive()).isTrue();
    }

    private static String kubectl() {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, "kubectl"))) {
                return Path.of(dir, "kubectl").toString();
            }
        }
        return null;
    }
}
