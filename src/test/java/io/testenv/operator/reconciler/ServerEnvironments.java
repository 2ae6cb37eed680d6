package io.testenv.operator.reconciler;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.testing.Samples;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/** Test helpers around TestEnvironments on the API server: create, read back, await conditions. */
public final class ServerEnvironments {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KubernetesClient client;

    public ServerEnvironments(KubernetesClient client) {
        this.client = client;
    }

    TestEnvironment sample(String file, String namespace) {
        TestEnvironment env =
                client.getKubernetesSerialization().unmarshal(Samples.environment(file), TestEnvironment.class);
        env.getMetadata().setNamespace(namespace);
        return env;
    }

    /** Creates the environment, and its namespace first if it does not exist yet. */
    TestEnvironment create(TestEnvironment env) {
        String namespace = env.getMetadata().getNamespace();
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
        }
        return client.resources(TestEnvironment.class)
                .inNamespace(env.getMetadata().getNamespace())
                .resource(env)
                .create();
    }

    public TestEnvironment get(String namespace, String name) {
        return client.resources(TestEnvironment.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    public Optional<Condition> condition(String namespace, String name, String type) {
        TestEnvironment env = get(namespace, name);
        if (env == null || env.getStatus() == null || env.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return env.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst();
    }

    public Condition awaitCondition(String namespace, String name, String type, String status) {
        try {
            await().atMost(TIMEOUT)
                    .until(() -> condition(namespace, name, type)
                            .filter(c -> c.getStatus().equals(status))
                            .isPresent());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "TestEnvironment " + namespace + "/" + name + " has no condition " + type + "="
                            + status + " after " + TIMEOUT + "; its status:\n"
                            + Optional.ofNullable(get(namespace, name))
                                    .map(env ->
                                            client.getKubernetesSerialization().asYaml(env.getStatus()))
                                    .orElse("(gone)"),
                    e);
        }
        return condition(namespace, name, type).orElseThrow();
    }

    ComponentStatus component(String namespace, String name, String component) {
        return get(namespace, name).getStatus().getComponents().stream()
                .filter(c -> c.getName().equals(component))
                .findFirst()
                .orElseThrow();
    }

    void awaitStatus(String namespace, String name, Predicate<TestEnvironment> predicate) {
        await().atMost(TIMEOUT)
                .until(() -> Optional.ofNullable(get(namespace, name))
                        .filter(e -> e.getStatus() != null
                                && e.getStatus().getObservedGeneration() != null
                                && e.getStatus().getObservedGeneration() > 0) // the operator's, not the default
                        .filter(predicate)
                        .isPresent());
    }

    GenericKubernetesResource object(String apiVersion, String kind, String namespace, String name) {
        return client.genericKubernetesResources(apiVersion, kind)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    boolean exists(String apiVersion, String kind, String namespace, String name) {
        return object(apiVersion, kind, namespace, name) != null;
    }

    GenericKubernetesResource awaitObject(String apiVersion, String kind, String namespace, String name) {
        await().atMost(TIMEOUT).until(() -> exists(apiVersion, kind, namespace, name));
        return object(apiVersion, kind, namespace, name);
    }

    static Object at(GenericKubernetesResource object, String... path) {
        return io.testenv.operator.testing.Manifests.at(object, path);
    }

    List<String> eventReasons(String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason() + " " + e.getMessage())
                .toList();
    }
}
