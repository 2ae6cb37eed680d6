package io.testenv.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -f samples/} on the real API server: every sample goes into a namespace of its own, with
 * the RBAC it needs, so they all come up side by side and none meets another's objects.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class SamplesTest {

    static final List<String> SAMPLES = List.of("datastorage", "failing", "gateway", "hello-world", "signalprocessing");

    @InjectKubeApi
    KubeApi api;

    @Test
    void everySampleAppliesIntoItsOwnNamespaceAndNoneConflicts() {
        KubeApi.Result applied = api.kubectl(null, "apply", "-f", "samples/");

        assertThat(applied.exitCode()).as(applied.output()).isZero();
        ServerEnvironments environments = new ServerEnvironments(api.client());
        for (String sample : SAMPLES) {
            // This API server runs no controllers: the workloads never become ready, but every first component
            // is applied, its objects created in the sample's namespace, and nothing is refused.
            await().atMost(ServerEnvironments.TIMEOUT).until(() -> {
                TestEnvironment env = environments.get(sample, sample);
                return env != null
                        && env.getStatus() != null
                        && env.getStatus().getComponents() != null
                        && env.getStatus().getComponents().stream().anyMatch(c -> c.getAppliedAt() != null);
            });
            assertThat(environments.condition(sample, sample, "Failed"))
                    .get()
                    .satisfies(failed -> assertThat(failed.getStatus())
                            .as(sample + ": " + failed.getMessage())
                            .isEqualTo("False"));
        }
    }
}
