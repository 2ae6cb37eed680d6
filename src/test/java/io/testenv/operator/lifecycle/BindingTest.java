package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import io.testenv.operator.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binding Secret (status.binding.name, as the Service Binding specification asks of a provisioned service): every
 * output, a Secret's value by reference only, and that value nowhere else.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class BindingTest {

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
        ns = "binding-" + (++counter);
        tenants.namespace(ns);
    }

    private static String env(String name, String secretKey, String password) {
        return Tenants.env(name, """
                        - name: db
                          manifests:
                          - {apiVersion: v1, kind: Secret, metadata: {name: credentials}, stringData: {password: %s}}
                          - {apiVersion: v1, kind: Service, metadata: {name: postgres}, spec: {ports: [{port: 5432}]}}
                        """.formatted(password))
                + "  outputs:\n"
                + """
                - name: PASSWORD
                  secretKeyRef: {name: credentials, key: %s}
                - name: HOST
                  value: "objects['Service/postgres'].spec.clusterIP"
                """.formatted(secretKey).indent(2);
    }

    @Test
    void aSecretBackedOutputReachesTheBindingSecretAndNothingElse() {
        String password = "pw-" + UUID.randomUUID();
        String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        try (LogCapture log = LogCapture.start()) {
            tenants.create(ns, env("db", "password", password));
            tenants.await(ns, "db", "Ready", "True");
            Secret binding = Awaitility.await()
                    .atMost(Tenants.TIMEOUT)
                    .until(
                            () -> admin.secrets()
                                    .inNamespace(ns)
                                    .withName("db-binding")
                                    .get(),
                            s -> s != null);

            TestEnvironment env = tenants.get(ns, "db");
            assertThat(env.getStatus().getBinding().getName()).isEqualTo("db-binding");
            String clusterIp = admin.services()
                    .inNamespace(ns)
                    .withName("postgres")
                    .get()
                    .getSpec()
                    .getClusterIP();
            assertThat(binding.getData())
                    .containsEntry("PASSWORD", encoded)
                    .containsEntry(
                            "HOST", Base64.getEncoder().encodeToString(clusterIp.getBytes(StandardCharsets.UTF_8)));
            assertThat(binding.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(owner -> assertThat(owner.getUid())
                            .isEqualTo(env.getMetadata().getUid()));
            assertThat(env.getStatus().getOutputs()).containsOnlyKeys("HOST");

            String status = admin.getKubernetesSerialization().asYaml(env.getStatus());
            assertThat(status).doesNotContain(password).doesNotContain(encoded);
            assertThat(admin.v1().events().inNamespace(ns).list().getItems())
                    .allSatisfy(e ->
                            assertThat(e.getMessage()).doesNotContain(password).doesNotContain(encoded));
            assertThat(log.lines()).isNotEmpty().noneMatch(l -> l.contains(password) || l.contains(encoded));
        }
    }

    @Test
    void aMissingKeyIsAWarningThatNamesNoValue() {
        String password = "pw-" + UUID.randomUUID();
        tenants.create(ns, env("nokey", "username", password));
        tenants.await(ns, "nokey", "Ready", "True");

        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> admin.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(e -> "BindingNotWritten".equals(e.getReason())));
        assertThat(admin.v1().events().inNamespace(ns).list().getItems())
                .filteredOn(e -> "BindingNotWritten".equals(e.getReason()))
                .allSatisfy(e -> assertThat(e.getMessage())
                        .isEqualTo("output PASSWORD: the Secret credentials has no key username")
                        .doesNotContain(password));
    }

    @Test
    void aSecretTheEnvironmentDoesNotDeclareIsAnInvalidSpec() {
        tenants.create(
                ns, env("undeclared", "password", "x").replace("name: credentials, key", "name: someone-elses, key"));
        tenants.await(ns, "undeclared", "Failed", "True");

        assertThat(tenants.condition(ns, "undeclared", "Failed").orElseThrow().getMessage())
                .contains("output PASSWORD: secretKeyRef names the Secret someone-elses, which the environment does "
                        + "not declare");
        assertThat(admin.secrets()
                        .inNamespace(ns)
                        .withName("undeclared-binding")
                        .get())
                .isNull();
    }
}
