package io.testenv.operator.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.testenv.operator.api.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Environments on the playground's cluster as its users see them, through the client only: written as YAML, read
 * back, edited (again after a conflict), awaited until Ready for the generation they are at; objects changed as
 * other tools change them (their own field manager), and deletions recorded as a watch delivers them.
 */
final class KwokEnvironments {

    static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final KubernetesClient client;

    KwokEnvironments(KubernetesClient client) {
        this.client = client;
    }

    /** A TestEnvironment in YAML: a 2 m timeout, the given further spec lines, and the components (a YAML list). */
    static String env(String name, String spec, String components) {
        return """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: %s}
                spec:
                  timeout: 2m
                %s  components:
                %s""".formatted(name, spec.isEmpty() ? "" : spec.indent(2), components.indent(2));
    }

    /** A Deployment manifest (a YAML list item) whose pods are ready after {@code readyAfter} at real speed. */
    static String deployment(String name, int replicas, String image, String readyAfter) {
        return """
                - apiVersion: apps/v1
                  kind: Deployment
                  metadata: {name: %s, annotations: {playground.testenv.io/ready-after: %s}}
                  spec:
                    replicas: %d
                    selector: {matchLabels: {app: %s}}
                    template:
                      metadata: {labels: {app: %s}}
                      spec: {containers: [{name: %s, image: "%s"}]}
                """.formatted(name, readyAfter, replicas, name, name, name, image);
    }

    TestEnvironment create(String namespace, String yaml) {
        if (client.namespaces().withName(namespace).get() == null) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
        }
        TestEnvironment env = client.getKubernetesSerialization().unmarshal(yaml, TestEnvironment.class);
        env.getMetadata().setNamespace(namespace);
        return client.resource(env).create();
    }

    TestEnvironment get(String namespace, String name) {
        return client.resources(TestEnvironment.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    static Optional<Condition> condition(TestEnvironment env, String type) {
        if (env == null || env.getStatus() == null || env.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return env.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst();
    }

    /** Ready=True written for the generation the environment is at, in the condition and the status. */
    static boolean readyForItsGeneration(TestEnvironment env) {
        long generation = env.getMetadata().getGeneration();
        return condition(env, "Ready")
                        .filter(c -> c.getStatus().equals("True")
                                && Long.valueOf(generation).equals(c.getObservedGeneration()))
                        .isPresent()
                && Long.valueOf(generation).equals(env.getStatus().getObservedGeneration());
    }

    /** Waits until the environment is Ready for its current generation; on a timeout, says what its status was. */
    TestEnvironment awaitReady(String namespace, String name) {
        return awaitStatus(namespace, name, "Ready for its generation", KwokEnvironments::readyForItsGeneration);
    }

    TestEnvironment awaitStatus(String namespace, String name, String what, Predicate<TestEnvironment> condition) {
        try {
            Awaitility.await()
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> Optional.ofNullable(get(namespace, name))
                            .filter(condition)
                            .isPresent());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "TestEnvironment " + namespace + "/" + name + " not " + what + " after "
                            + TIMEOUT + "; its status:\n"
                            + Optional.ofNullable(get(namespace, name))
                                    .map(env ->
                                            client.getKubernetesSerialization().asYaml(env.getStatus()))
                                    .orElse("(gone)"),
                    e);
        }
        return get(namespace, name);
    }

    /**
     * Edits the environment's spec as a user would: read, change, update; on a 409 (the operator wrote its status
     * or the ApplySet annotations in between) read again and apply the same change again. Returns the new version.
     */
    TestEnvironment edit(String namespace, String name, Consumer<TestEnvironment> change) {
        TestEnvironment[] updated = new TestEnvironment[1];
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            TestEnvironment current = get(namespace, name);
            change.accept(current);
            try {
                updated[0] = client.resource(current).update();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return false;
                }
                throw e;
            }
        });
        return updated[0];
    }

    Deployment deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    /** Whether the Deployment's controller has rolled out its current spec: every replica updated and available. */
    static boolean rolledOut(Deployment d) {
        var status = d.getStatus();
        int desired = d.getSpec().getReplicas();
        return status != null
                && d.getMetadata().getGeneration().equals(status.getObservedGeneration())
                && Integer.valueOf(desired).equals(orZero(status.getUpdatedReplicas()))
                && Integer.valueOf(desired).equals(orZero(status.getAvailableReplicas()))
                && Integer.valueOf(desired).equals(orZero(status.getReplicas()));
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** Running pods of a component of the environment, not being deleted. */
    long pods(String namespace, String component) {
        return client
                .pods()
                .inNamespace(namespace)
                .withLabel("testenv.io/component", component)
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .count();
    }

    /** A patch as another tool sends it: its own field manager, which the operator's apply does not own. */
    void patch(String namespace, String kind, String name, String manager, PatchType type, String patch) {
        PatchContext context = new PatchContext.Builder()
                .withPatchType(type)
                .withFieldManager(manager)
                .build();
        if (kind.equals("Deployment")) {
            client.apps().deployments().inNamespace(namespace).withName(name).patch(context, patch);
        } else {
            client.configMaps().inNamespace(namespace).withName(name).patch(context, patch);
        }
    }

    /** `kubectl scale deployment NAME --replicas=N`, field manager kubectl-scale. */
    void scale(String namespace, String name, int replicas) {
        patch(
                namespace,
                "Deployment",
                name,
                "kubectl-scale",
                PatchType.JSON_MERGE,
                "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    /** Messages of the Events with this reason in the namespace. */
    List<String> events(String namespace, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .map(e -> e.getMessage())
                .toList();
    }

    boolean exists(String apiVersion, String kind, String namespace, String name) {
        return client.genericKubernetesResources(apiVersion, kind)
                        .inNamespace(namespace)
                        .withName(name)
                        .get()
                != null;
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1e3;
    }

    static Instant instant(String rfc3339) {
        return Instant.parse(rfc3339);
    }

    Deletions deletions(String namespace, String... apiVersionsAndKinds) {
        return new Deletions(namespace, apiVersionsAndKinds);
    }

    /**
     * When each object of the given kinds in the namespace was deleted, as the watch delivered it ("Pod web-abc"),
     * with the component label it carried.
     */
    final class Deletions implements AutoCloseable {
        final Map<String, Instant> goneAt = new ConcurrentHashMap<>();
        final Map<String, String> componentOf = new ConcurrentHashMap<>();
        private final List<Watch> watches;

        Deletions(String namespace, String... apiVersionsAndKinds) {
            watches = Arrays.stream(apiVersionsAndKinds)
                    .map(kind -> {
                        int slash = kind.lastIndexOf('/');
                        return client.genericKubernetesResources(kind.substring(0, slash), kind.substring(slash + 1))
                                .inNamespace(namespace)
                                .watch(new Watcher<GenericKubernetesResource>() {
                                    @Override
                                    public void eventReceived(Action action, GenericKubernetesResource object) {
                                        if (action == Action.DELETED) {
                                            String key = object.getKind() + " "
                                                    + object.getMetadata().getName();
                                            goneAt.put(key, Instant.now());
                                            Optional.ofNullable(
                                                            object.getMetadata().getLabels())
                                                    .map(l -> l.get("testenv.io/component"))
                                                    .ifPresent(c -> componentOf.put(key, c));
                                        }
                                    }

                                    @Override
                                    public void onClose(WatcherException cause) {}
                                });
                    })
                    .toList();
        }

        /** The deletions of a component's objects and pods, earliest first. */
        List<Instant> of(String component) {
            return goneAt.entrySet().stream()
                    .filter(e -> component.equals(componentOf.get(e.getKey())))
                    .map(Map.Entry::getValue)
                    .sorted()
                    .toList();
        }

        @Override
        public void close() {
            watches.forEach(Watch::close);
        }
    }
}
