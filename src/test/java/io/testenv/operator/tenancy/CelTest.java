package io.testenv.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.testing.LogCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CEL overrides on the real API server: nothing they read is echoed into the status or Events, and an expression
 * that does not compile or loops fails with a clear reason.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class CelTest {

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
        ns = "cel-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void celNeverEchoesWhatItReads() {
        tenants.create(ns, Tenants.env("leak", """
                - name: app
                  health:
                  - {kind: Secret, readyWhen: "self.data.password"}
                  - {kind: ConfigMap, readyWhen: "self.data.password"}
                  manifests:
                  - {apiVersion: v1, kind: Secret, metadata: {name: creds}, stringData: {password: hunter2}}
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: creds}, data: {password: hunter2}}
                """).replace("timeout: 20s", "timeout: 3s"));

        tenants.assertRefused(ns, "leak", "TimedOut");
        assertThat(admin.getKubernetesSerialization()
                        .asYaml(tenants.get(ns, "leak").getStatus()))
                .contains("self.data.password gave a value of type string, not a boolean", "waiting for self.data (");
        tenants.assertNowhere(ns, "leak", "hunter2");
        tenants.assertNowhere(ns, "leak", "aHVudGVyMg");
    }

    /**
     * A readyWhen that compares a Secret's data with a guess must behave the same for the right guess and a wrong
     * one, through every way a Secret reaches the planner: the answer to the apply, the informer cache, and a
     * last-applied-configuration annotation that copies the data (as kubectl apply writes it).
     */
    @Test
    void celCannotTellASecretsValueFromAWrongGuess() {
        String value = "8675309";
        String right = java.util.Base64.getEncoder().encodeToString(value.getBytes());
        String wrong = java.util.Base64.getEncoder().encodeToString("1234567".getBytes());
        try (LogCapture log = LogCapture.start()) {
            for (String guess : java.util.List.of("right", "wrong")) {
                String base64 = guess.equals("right") ? right : wrong;
                tenants.create(
                        ns,
                        Tenants.env("oracle-" + guess, """
                        - name: app
                          health:
                          - kind: Secret
                            readyWhen: >-
                              self.data.PASSWORD == '%s' || self.data.PASSWORD.startsWith('%s')
                              || self.stringData.PASSWORD.size() > 0
                              || self.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].contains('%s')
                          manifests:
                          - {apiVersion: v1, kind: Secret, metadata: {name: creds-%s}, stringData: {PASSWORD: "%s"}}
                        """.formatted(
                                                base64, base64.substring(0, 4), base64.substring(0, 6), guess, value))
                                .replace("timeout: 20s", "timeout: 6s"));
                // As kubectl apply would leave it: the annotation copies the data.
                tenants.await(ns, "oracle-" + guess, "Ready", "False");
                org.awaitility.Awaitility.await()
                        .atMost(Tenants.TIMEOUT)
                        .ignoreExceptions()
                        .until(() -> admin.secrets()
                                        .inNamespace(ns)
                                        .withName("creds-" + guess)
                                        .edit(secret -> {
                                            secret.getMetadata()
                                                    .getAnnotations()
                                                    .put(
                                                            "kubectl.kubernetes.io/last-applied-configuration",
                                                            "{\"data\":{\"PASSWORD\":\"" + right + "\"}}");
                                            return secret;
                                        })
                                != null);
            }
            for (String guess : java.util.List.of("right", "wrong")) {
                tenants.assertRefused(ns, "oracle-" + guess, "TimedOut");
                assertThat(tenants.componentReason(ns, "oracle-" + guess, "app"))
                        .isEqualTo("Progressing");
                tenants.assertNowhere(ns, "oracle-" + guess, value);
            }
            assertThat(tenants.get(ns, "oracle-right")
                            .getStatus()
                            .getComponents()
                            .get(0)
                            .getMessage()
                            .replace(right, "GUESS")
                            .replace(right.substring(0, 6), "G6")
                            .replace(right.substring(0, 4), "G4"))
                    .as("what the right guess and a wrong one are told")
                    .isEqualTo(tenants.get(ns, "oracle-wrong")
                            .getStatus()
                            .getComponents()
                            .get(0)
                            .getMessage()
                            .replace(wrong, "GUESS")
                            .replace(wrong.substring(0, 6), "G6")
                            .replace(wrong.substring(0, 4), "G4")
                            .replace("creds-wrong", "creds-right"));
            assertThat(log.containing(value)).isEmpty();
        }
    }

    @Test
    void celThatDoesNotCompileOrLoopsFailsWithAClearReason() {
        String ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
        tenants.create(ns, Tenants.env("broken", """
                - name: app
                  health: [{kind: ConfigMap, readyWhen: "self.data.("}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: broken}}]
                """));
        tenants.create(ns, Tenants.env("loops", """
                - name: app
                  health: [{kind: ConfigMap, readyWhen: "%s"}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: loops}}]
                """.formatted(ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, "
                + ten + ".all(d, " + ten + ".all(e, a + b + c + d + e > 0)))))")));

        tenants.assertRefused(ns, "broken", "InvalidExpression", "health for ConfigMap: readyWhen does not compile");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "broken")).isFalse();
        tenants.assertRefused(ns, "loops", "ComponentFailed", "evaluation stopped after");
        tenants.assertStillServing(ns);
    }
}
