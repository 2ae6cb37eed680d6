package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** spec.outputs on a real API server, read back the way any suite reads them: kubectl's jsonpath. */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class OutputsServerTest {

    static int counter;

    static final String COMPONENTS = """
            - name: db
              manifests:
              - {apiVersion: v1, kind: Service, metadata: {name: postgres}, spec: {ports: [{port: 5432}]}}
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {database: datastorage}}
            """;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        ns = "outputs-" + (++counter);
        tenants.namespace(ns);
    }

    private String withOutputs(String name, String outputs) {
        return Tenants.env(name, COMPONENTS) + "  outputs:\n" + outputs.indent(2);
    }

    private String jsonpath(String name, String output) {
        KubeApi.Result result =
                api.kubectl(null, "-n", ns, "get", "te", name, "-o", "jsonpath={.status.outputs." + output + "}");
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().trim();
    }

    @Test
    void outputsFromAServiceAConfigMapAndAConstantAreReadWithKubectl() {
        tenants.create(ns, withOutputs("db", """
                - name: DATABASE_URL
                  value: "'postgres://' + objects['Service/postgres'].spec.clusterIP + ':' + string(objects['Service/postgres'].spec.ports[0].port) + '/' + objects['ConfigMap/settings'].data.database"
                - name: DATABASE_USER
                  value: "'admin'"
                - name: WHERE
                  value: "name + '.' + __namespace__"
                """));
        tenants.await(ns, "db", "Ready", "True");

        String clusterIp = admin.services()
                .inNamespace(ns)
                .withName("postgres")
                .get()
                .getSpec()
                .getClusterIP();
        assertThat(clusterIp).isNotBlank();
        assertThat(jsonpath("db", "DATABASE_URL")).isEqualTo("postgres://" + clusterIp + ":5432/datastorage");
        assertThat(jsonpath("db", "DATABASE_USER")).isEqualTo("admin");
        assertThat(jsonpath("db", "WHERE")).isEqualTo("db." + ns);
    }

    @Test
    void anUnresolvableOutputKeepsTheEnvironmentNotReadyAndNamesIt() {
        tenants.create(ns, withOutputs("waits", """
                - name: EXTERNAL_IP
                  value: "objects['Service/postgres'].status.loadBalancer.ingress[0].ip"
                """));
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> tenants.condition(ns, "waits", "Ready")
                        .filter(c -> "WaitingForOutputs".equals(c.getReason()))
                        .isPresent());

        assertThat(tenants.condition(ns, "waits", "Ready").orElseThrow().getMessage())
                .startsWith("1/1 ready; waiting for output EXTERNAL_IP: ");
        assertThat(tenants.condition(ns, "waits", "Reconciling").orElseThrow().getStatus())
                .isEqualTo("True");
        assertThat(jsonpath("waits", "EXTERNAL_IP")).isEmpty();
    }

    @Test
    void anOutputThatDoesNotCompileIsAnInvalidSpecAndNothingIsCreated() {
        tenants.create(ns, withOutputs("broken", """
                - name: BROKEN
                  value: "objects['Service/postgres'].spec.("
                """));
        tenants.await(ns, "broken", "Failed", "True");

        assertThat(tenants.condition(ns, "broken", "Failed").orElseThrow().getReason())
                .isEqualTo("InvalidSpec");
        assertThat(tenants.condition(ns, "broken", "Failed").orElseThrow().getMessage())
                .contains("output BROKEN: does not compile");
        assertThat(admin.services().inNamespace(ns).withName("postgres").get()).isNull();
    }
}
