package io.testenv.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What only a real kube-apiserver can show: it accepts the checked-in CRD, its schema rejects bad specs at
 * {@code kubectl apply} before anything is stored, server-side apply records the operator as the manager of the
 * fields it applied, status goes through the status subresource, and the owner references are accepted.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class RealApiServerTest {

    static final String NS = "real-api";

    @InjectKubeApi
    KubeApi api;

    @BeforeEach
    void namespace() {
        api.client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    @Test
    void checkedInCrdIsAcceptedAndEstablished() {
        CustomResourceDefinition crd = api.client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("testenvironments.testenv.io")
                .get();

        assertThat(crd.getStatus().getConditions())
                .filteredOn(c -> c.getStatus().equals("True"))
                .extracting(c -> c.getType())
                .contains("Established", "NamesAccepted");
        assertThat(crd.getStatus().getAcceptedNames().getShortNames()).contains("te", "testenv");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            enum: strategy Fastest            | strategy: Fastest                    | Unsupported value: "Fastest"
            pattern: component name           | name: Not_A_Label                    | should match
            required: manifests of a component| manifests: null                      | Required value
            pattern: timeout                  | timeout: soon                        | should match
            """)
    void schemaRejectsBadSpecsAtKubectlApply(String rule, String change, String error) {
        String name = "bad-" + Math.abs(rule.hashCode());
        String yaml = environment(name, change);

        KubeApi.Result result = api.kubectl(yaml, "apply", "-n", NS, "-f", "-");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("The TestEnvironment \"" + name + "\" is invalid", error);
        assertThat(api.client()
                        .resources(TestEnvironment.class)
                        .inNamespace(NS)
                        .withName(name)
                        .get())
                .as("nothing stored")
                .isNull();
    }

    @Test
    void schemaRejectsMoreThan256Components() {
        String components =
                IntStream.rangeClosed(1, 257).mapToObj(i -> """
                  - name: c%d
                    manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c%d}}]
                """.formatted(i, i)).collect(Collectors.joining());
        String yaml = """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: too-many}
                spec:
                  components:
                %s""".formatted(components);

        KubeApi.Result result = api.kubectl(yaml, "apply", "-n", NS, "-f", "-");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("spec.components", "must have at most 256 items");
        assertThat(api.client()
                        .resources(TestEnvironment.class)
                        .inNamespace(NS)
                        .withName("too-many")
                        .get())
                .isNull();
    }

    @Test
    void appliedObjectsAreManagedByTheOperatorAndOwnedByTheEnvironment() {
        KubeApi.Result applied = api.kubectl(environment("owned", "strategy: Parallel"), "apply", "-n", NS, "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();

        GenericKubernetesResource config = await().atMost(ServerEnvironments.TIMEOUT)
                .until(
                        () -> api.client()
                                .genericKubernetesResources("v1", "ConfigMap")
                                .inNamespace(NS)
                                .withName("owned-config")
                                .get(),
                        c -> c != null);
        TestEnvironment env = await().atMost(ServerEnvironments.TIMEOUT)
                .until(
                        () -> api.client()
                                .resources(TestEnvironment.class)
                                .inNamespace(NS)
                                .withName("owned")
                                .get(),
                        e -> e.getStatus() != null && "1/1".equals(e.getStatus().getReadyComponents()));

        assertThat(config.getMetadata().getManagedFields())
                .as("server-side apply by the operator, as this environment")
                .anySatisfy(m -> {
                    assertThat(m.getManager())
                            .isEqualTo("testenv-operator/" + env.getMetadata().getUid());
                    assertThat(m.getOperation()).isEqualTo("Apply");
                });
        assertThat(config.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo(env.getMetadata().getUid());
            assertThat(owner.getKind()).isEqualTo("TestEnvironment");
            assertThat(owner.getController()).isTrue();
        });
        List<ManagedFieldsEntry> statusWriters = env.getMetadata().getManagedFields().stream()
                .filter(m -> "status".equals(m.getSubresource()))
                .toList();
        assertThat(statusWriters)
                .as("the status is written through the status subresource, by server-side apply")
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getOperation()).isEqualTo("Apply");
                    assertThat(m.getManager()).isEqualTo("testenv-operator");
                });
        assertThat(env.getMetadata().getManagedFields())
                .as(
                        "of the environment itself, the operator owns only its"
                                + " finalizer or teardown label and its ApplySet label and annotations; the spec's fields are the author's")
                .filteredOn(
                        m -> m.getSubresource() == null || m.getSubresource().isEmpty())
                .allSatisfy(m -> {
                    assertThat(m.getManager())
                            .isIn("kubectl-client-side-apply", "testenv-operator", "testenv-operator-applyset");
                    String fields = api.client().getKubernetesSerialization().asJson(m.getFieldsV1());
                    if (m.getManager().equals("testenv-operator")) {
                        // the finalizer (JOSDK's apply also claims the empty spec map, never a field of it) or
                        // the label that says garbage collection alone deletes the environment
                        assertThat(fields).doesNotContain("f:components", "f:strategy", "f:timeout");
                    }
                    if (m.getManager().equals("testenv-operator-applyset")) {
                        assertThat(fields)
                                .contains("applyset.kubernetes.io/id", "contains-group-kinds")
                                .doesNotContain("f:spec", "f:finalizers");
                    }
                });
        assertThat(env.getMetadata().getManagedFields())
                .as("the operator's own bookkeeping on the environment")
                .filteredOn(m -> m.getManager().equals("testenv-operator"))
                .anySatisfy(m -> assertThat(
                                api.client().getKubernetesSerialization().asJson(m.getFieldsV1()))
                        .containsAnyOf("f:finalizers", "f:testenv.io/teardown"));
        assertThat(env.getMetadata().getGeneration())
                .as("status writes do not bump the generation")
                .isEqualTo(1L);
        assertThat(env.getStatus().getObservedGeneration()).isEqualTo(1L);
    }

    static String environment(String name, String change) {
        String component = """
                  - name: config
                    manifests:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: %s-config}
                      data: {a: b}
                """.formatted(name);
        if (change.startsWith("name:")) {
            component = component.replace("name: config", change);
        } else if (change.startsWith("manifests:")) {
            component = "  - name: config\n    " + change + "\n";
        }
        String top = change.startsWith("strategy:") || change.startsWith("timeout:") ? "  " + change + "\n" : "";
        return """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: %s}
                spec:
                %s  components:
                %s""".formatted(name, top, component);
    }
}
