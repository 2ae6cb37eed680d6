package io.testenv.operator.tenancy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.Crds;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TestEnvironments the operator cannot read fail alone: the watch every environment shares goes on, and liveness
 * stays up while the informers are healthy. Shown on the real API server with objects its schema lets through.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class PoisonPillTest {

    static final Path CRD = Path.of("crds", "testenvironments.testenv.io-v1.yml");
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
        ns = "poison-" + (++counter);
        tenants.namespace(ns);
    }

    /** A condition's reason and message, read with kubectl: the test's own client could not parse every object. */
    String condition(String name, String type) {
        KubeApi.Result result = api.kubectl(
                null,
                "get",
                "testenvironment",
                name,
                "-n",
                ns,
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"" + type + "\")].status} "
                        + "{.status.conditions[?(@.type==\"" + type + "\")].reason} "
                        + "{.status.conditions[?(@.type==\"" + type + "\")].message}");
        return result.output().trim();
    }

    void awaitCondition(String name, String type, String prefix) {
        org.awaitility.Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> condition(name, type).startsWith(prefix));
    }

    void assertLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void anEnumValueTheModelDoesNotKnowIsAnInvalidSpecOfThatEnvironmentOnly() throws Exception {
        CustomResourceDefinition looser =
                admin.getKubernetesSerialization().unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
        JSONSchemaProps strategy = looser.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties()
                .get("strategy");
        strategy.setEnum(null);
        try {
            admin.resource(looser).forceConflicts().serverSideApply();
            org.awaitility.Awaitility.await()
                    .atMost(Tenants.TIMEOUT)
                    .until(() ->
                            api.kubectl("""
                    apiVersion: testenv.io/v1alpha1
                    kind: TestEnvironment
                    metadata: {name: bogus, namespace: %s}
                    spec:
                      strategy: Bogus
                      components: [{name: a, manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}]}]
                    """.formatted(ns), "create", "-f", "-").exitCode() == 0);
        } finally {
            Crds.install(admin, CRD);
        }

        awaitCondition("bogus", "Failed", "True InvalidSpec");
        assertThat(condition("bogus", "Failed"))
                .contains("spec.strategy: Cannot deserialize value of type", "\"Bogus\"");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "a")).isFalse();
        tenants.assertStillServing(ns);
        assertLive();
    }

    @Test
    void aSpecNestedDeeperThanJacksonsDefaultIsAnInvalidSpecOfThatEnvironmentOnly() {
        int depth = 1500;
        String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String json = """
                {"apiVersion": "testenv.io/v1alpha1", "kind": "TestEnvironment",
                 "metadata": {"name": "deep", "namespace": "%s"},
                 "spec": {"components": [{"name": "a", "manifests": [
                   {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "deep"}, "nested": %s}]}]}}
                """.formatted(ns, nested);

        KubeApi.Result created = api.kubectl(json, "create", "-f", "-");

        assertThat(created.exitCode()).as(created.output()).isZero();
        awaitCondition("deep", "Failed", "True InvalidSpec");
        assertThat(condition("deep", "Failed")).contains("spec nests deeper than 100 levels");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "deep")).isFalse();
        tenants.assertStillServing(ns);
        assertLive();
    }

    @Test
    void twoHundredFiftySixComponentsAreAcceptedAndBroughtUp() {
        StringBuilder components = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            components
                    .append("- name: c")
                    .append(i)
                    .append("\n  manifests: [{apiVersion: v1, kind: ConfigMap, ")
                    .append("metadata: {name: c")
                    .append(i)
                    .append("}}]\n");
        }
        tenants.create(ns, Tenants.env("wide", components.toString()).replace("timeout: 20s", "timeout: 2m"));

        tenants.await(ns, "wide", "Ready", "True");
        var wide = tenants.get(ns, "wide");
        assertThat(wide.getStatus().getComponents()).hasSize(256);
        System.out.printf(
                "256 components: the TestEnvironment is %d bytes of JSON, its status %d%n",
                admin.getKubernetesSerialization().asJson(wide).length(),
                admin.getKubernetesSerialization().asJson(wide.getStatus()).length());
        tenants.assertStillServing(ns);
        assertLive();
    }

    @Test
    void aSpecBeyondWhatTheApiServerTakesIsRefusedByItWithAClearError() {
        String big = "x".repeat(1024 * 1024);
        StringBuilder manifests = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            manifests
                    .append("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"big-")
                    .append(i)
                    .append("\"}, \"data\": {\"blob\": \"")
                    .append(big)
                    .append("\"}}")
                    .append(i < 3 ? "," : "");
        }
        String json = """
                {"apiVersion": "testenv.io/v1alpha1", "kind": "TestEnvironment",
                 "metadata": {"name": "huge", "namespace": "%s"},
                 "spec": {"components": [{"name": "a", "manifests": [%s]}]}}
                """.formatted(ns, manifests);

        KubeApi.Result created = api.kubectl(json, "create", "-f", "-");

        assertThat(created.exitCode()).isNotZero();
        assertThat(created.output()).containsAnyOf("Request entity too large", "request is too large");
        assertThat(tenants.get(ns, "huge")).isNull();
        tenants.assertStillServing(ns);
        assertLive();
    }
}
