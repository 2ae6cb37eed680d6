package io.testenv.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.api.TestEnvironmentStatus;
import io.testenv.operator.reconciler.ServerEnvironments;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test helpers for environments of several tenants on the real API server: namespaces, ServiceAccounts with
 * Roles, environments written as YAML, and the checks every refusal needs (its reason, its message, nothing
 * created, no value echoed, the operator still serving others).
 */
public final class Tenants {

    public static final Duration TIMEOUT = ServerEnvironments.TIMEOUT;

    private final KubernetesClient client;
    private final ServerEnvironments environments;
    private int canaries;

    public Tenants(KubernetesClient client) {
        this.client = client;
        this.environments = new ServerEnvironments(client);
    }

    /** A TestEnvironment in YAML with a 20 s timeout and the given components (a YAML list). */
    public static String env(String name, String components) {
        return """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: %s}
                spec:
                  timeout: 20s
                  components:
                %s""".formatted(name, components.indent(2));
    }

    /** The same, acting as the given ServiceAccount. */
    public static String env(String name, String serviceAccount, String components) {
        return env(name, components)
                .replace("  timeout: 20s\n", "  timeout: 20s\n  serviceAccountName: " + serviceAccount + "\n");
    }

    public void namespace(String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .build())
                    .create();
        }
    }

    /**
     * A ServiceAccount bound to a Role with the given rules, in the namespace; the Role and binding first, so that
     * the ServiceAccount has its rights from the moment it exists (an environment waiting for it acts at once).
     */
    public void serviceAccount(String namespace, String name, PolicyRule... rules) {
        namespace(namespace);
        client.rbac()
                .roles()
                .inNamespace(namespace)
                .resource(new RoleBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withRules(rules)
                        .build())
                .create();
        client.rbac()
                .roleBindings()
                .inNamespace(namespace)
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(name)
                        .withNamespace(namespace)
                        .endSubject()
                        .build())
                .create();
        client.serviceAccounts()
                .inNamespace(namespace)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
    }

    public static PolicyRule rule(String group, String resource, String... verbs) {
        return new PolicyRuleBuilder()
                .withApiGroups(group)
                .withResources(resource)
                .withVerbs(verbs)
                .build();
    }

    /** Creates the environment written as YAML, in the namespace, creating the namespace if needed. */
    public TestEnvironment create(String namespace, String yaml) {
        namespace(namespace);
        TestEnvironment env = client.getKubernetesSerialization().unmarshal(yaml, TestEnvironment.class);
        env.getMetadata().setNamespace(namespace);
        return client.resources(TestEnvironment.class)
                .inNamespace(namespace)
                .resource(env)
                .create();
    }

    public TestEnvironment get(String namespace, String name) {
        return environments.get(namespace, name);
    }

    public Optional<Condition> condition(String namespace, String name, String type) {
        return environments.condition(namespace, name, type);
    }

    public Condition await(String namespace, String name, String type, String status) {
        return environments.awaitCondition(namespace, name, type, status);
    }

    /** Edits the environment as a user would, again when the operator wrote its status in between. */
    public void edit(String namespace, String name, java.util.function.Consumer<TestEnvironment> change) {
        org.awaitility.Awaitility.await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            TestEnvironment current = get(namespace, name);
            change.accept(current);
            client.resource(current).update();
            return true;
        });
    }

    /** Replaces the environment's components with the given YAML list, as a user's edit would. */
    public void replaceComponents(String namespace, String name, String components) {
        TestEnvironment edited =
                client.getKubernetesSerialization().unmarshal(env(name, components), TestEnvironment.class);
        edit(
                namespace,
                name,
                current -> current.getSpec().setComponents(edited.getSpec().getComponents()));
    }

    /** The environment failed with this reason on Ready and Failed, and a message containing every part. */
    public Condition assertRefused(String namespace, String name, String reason, String... messageParts) {
        Condition failed = await(namespace, name, "Failed", "True");
        assertThat(failed.getReason()).as("reason of Failed").isEqualTo(reason);
        assertThat(condition(namespace, name, "Ready")).get().satisfies(ready -> {
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo(reason);
        });
        if (messageParts.length > 0) {
            assertThat(failed.getMessage()).contains(messageParts);
        }
        return failed;
    }

    /** The reason of a component as its status says. */
    public String componentReason(String namespace, String name, String component) {
        TestEnvironmentStatus status = get(namespace, name).getStatus();
        if (status == null || status.getComponents() == null) {
            return null; // no status written by the operator yet (the CRD's default has no components)
        }
        return status.getComponents().stream()
                .filter(c -> c.getName().equals(component))
                .findFirst()
                .orElseThrow()
                .getReason();
    }

    public boolean exists(String apiVersion, String kind, String namespace, String name) {
        var resources = client.genericKubernetesResources(apiVersion, kind);
        return (namespace == null
                                ? resources.withName(name)
                                : resources.inNamespace(namespace).withName(name))
                        .get()
                != null;
    }

    /** Neither the environment's status nor any Event in its namespace contains the text. */
    public void assertNowhere(String namespace, String name, String text) {
        String status =
                client.getKubernetesSerialization().asYaml(get(namespace, name).getStatus());
        assertThat(status).doesNotContain(text);
        List<String> events = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .map(e -> e.getReason() + " " + e.getMessage())
                .toList();
        assertThat(events).noneMatch(e -> e.contains(text));
    }

    /** A new, harmless environment in the namespace still becomes Ready: the operator keeps serving. */
    public void assertStillServing(String namespace) {
        String name = "canary-" + (++canaries);
        create(namespace, """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: %s}
                spec:
                  components:
                  - name: config
                    manifests:
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: %s}, data: {ok: "yes"}}
                """.formatted(name, name));
        await(namespace, name, "Ready", "True");
    }

    public static Map<String, String> labelsOf(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return Optional.ofNullable(object.getMetadata().getLabels()).orElse(Map.of());
    }
}
