package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** spec.ttlSecondsAfterReady and ttlSecondsAfterFailed delete the environment, and say when in status.expiresAt. */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class TimeToLiveTest {

    static int counter;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        ns = "ttl-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void aReadyEnvironmentDeletesItselfAfterItsTimeToLive() {
        tenants.create(
                ns,
                Tenants.env("short-lived", """
                - name: app
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: app}}]
                """)
                        .replace("  timeout: 20s\n", "  timeout: 20s\n  ttlSecondsAfterReady: 3\n"));

        tenants.await(ns, "short-lived", "Ready", "True");
        var status = tenants.get(ns, "short-lived").getStatus();
        Instant readyAt = Instant.parse(status.getTiming().getReadyAt());
        assertThat(Instant.parse(status.getExpiresAt())).isEqualTo(readyAt.plusSeconds(3));
        KubeApi.Result columns = api.kubectl(null, "get", "te", "short-lived", "-n", ns, "-o", "wide");
        assertThat(columns.output().lines().findFirst().orElse("")).contains("EXPIRES");

        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "short-lived") == null);
        assertThat(admin.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Expired"));
    }

    @Test
    void aFailedEnvironmentDeletesItselfAfterItsTimeToLiveAfterFailure() {
        tenants.create(
                ns,
                Tenants.env("fails", """
                - name: app
                  health: [{kind: ConfigMap, failedWhen: "true"}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: app}}]
                """)
                        .replace(
                                "  timeout: 20s\n",
                                "  timeout: 20s\n  ttlSecondsAfterReady: 600\n  ttlSecondsAfterFailed: 2\n"));

        tenants.await(ns, "fails", "Failed", "True");
        assertThat(tenants.get(ns, "fails").getStatus().getExpiresAt()).isNotNull();

        Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "fails") == null);
    }

    @Test
    void withoutATimeToLiveAReadyEnvironmentHasNoExpiry() {
        tenants.create(ns, Tenants.env("stays", """
                - name: app
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: app}}]
                """));

        tenants.await(ns, "stays", "Ready", "True");
        assertThat(tenants.get(ns, "stays").getStatus().getExpiresAt()).isNull();
    }
}
