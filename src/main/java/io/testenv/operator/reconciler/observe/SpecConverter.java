package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.testenv.operator.api.ComponentSpec;
import io.testenv.operator.api.Dependency;
import io.testenv.operator.api.GateCondition;
import io.testenv.operator.api.HealthCheck;
import io.testenv.operator.api.Heartbeat;
import io.testenv.operator.api.Output;
import io.testenv.operator.api.SecretKeyRef;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.api.TestEnvironmentSpec;
import io.testenv.operator.config.DefaultServiceAccount;
import io.testenv.operator.planner.model.Cleanup;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.model.Scope;
import io.testenv.operator.planner.model.TargetNamespace;
import io.testenv.operator.planner.model.Timeout;
import io.testenv.operator.planner.readiness.Readiness.CelOverride;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one boundary between the wire model and the planner: a TestEnvironment becomes an immutable
 * {@link EnvironmentModel}, with every manifest's identity resolved (scope from discovery, namespace defaulted
 * to the environment's). Nothing is validated here; the planner reports every problem.
 */
@ApplicationScoped
public class SpecConverter {

    private final KindCatalog kinds;
    private final KubernetesSerialization serialization;
    private final DefaultServiceAccount defaultServiceAccount;

    public SpecConverter(KindCatalog kinds, KubernetesClient client, DefaultServiceAccount defaultServiceAccount) {
        this.kinds = kinds;
        this.serialization = client.getKubernetesSerialization();
        this.defaultServiceAccount = defaultServiceAccount;
    }

    /** Models by environment uid, kept while their generation is current and every kind was resolved. */
    private record Converted(long generation, EnvironmentModel model) {}

    private final Map<String, Converted> converted = new ConcurrentHashMap<>();

    /** The planner's model of an environment; converted once per generation. */
    public EnvironmentModel toModel(TestEnvironment env) {
        String uid = env.getMetadata().getUid();
        long generation = Optional.ofNullable(env.getMetadata().getGeneration()).orElse(0L);
        Converted cached = uid == null ? null : converted.get(uid);
        if (cached != null && cached.generation() == generation) {
            return cached.model();
        }
        EnvironmentModel model = convert(env);
        boolean resolved = model.components().stream()
                .flatMap(c -> c.manifests().stream())
                .noneMatch(m -> m.scope() == Scope.UNKNOWN);
        if (uid != null && resolved) {
            converted.put(uid, new Converted(generation, model));
        }
        return model;
    }

    /** Forgets a deleted environment. */
    public void forget(TestEnvironment env) {
        Optional.ofNullable(env.getMetadata().getUid()).ifPresent(converted::remove);
    }

    /** Forgets every environment but these (the live ones): those deleted by garbage collection alone. */
    public void retainOnly(Set<String> uids) {
        converted.keySet().retainAll(uids);
    }

    private EnvironmentModel convert(TestEnvironment env) {
        TestEnvironmentSpec spec = Optional.ofNullable(env.getSpec()).orElseGet(TestEnvironmentSpec::new);
        String namespace = env.getMetadata().getNamespace();
        List<ComponentModel> components = Optional.ofNullable(spec.getComponents()).orElse(List.of()).stream()
                .map(c -> component(namespace, c))
                .toList();
        Long generation = env.getMetadata().getGeneration();
        String serviceAccount = spec.getServiceAccountName() != null
                ? spec.getServiceAccountName()
                : defaultServiceAccount.name().orElse(null);
        String unreadable = spec.getUnreadable() != null
                ? spec.getUnreadable()
                : tooLarge(env, components.size()).orElse(null);
        return new EnvironmentModel(
                namespace,
                env.getMetadata().getName(),
                generation == null ? 0 : generation,
                Optional.ofNullable(spec.getStrategy()).orElse(Strategy.Parallel),
                Timeout.of(Optional.ofNullable(spec.getTimeout()).orElse(TestEnvironmentSpec.DEFAULT_TIMEOUT)),
                components,
                serviceAccount,
                unreadable,
                spec.getDrift(),
                new Cleanup(
                        spec.getTeardown(),
                        spec.getTtlSecondsAfterReady(),
                        spec.getTtlSecondsAfterFailed(),
                        Optional.ofNullable(spec.getHeartbeat())
                                .map(Heartbeat::getTimeoutSeconds)
                                .orElse(null),
                        Optional.ofNullable(spec.getHeartbeat())
                                .map(Heartbeat::getDeleteNamespace)
                                .orElse(false)),
                listOf(spec.getOutputs()).stream()
                        .map(o -> output(namespace, o))
                        .toList(),
                Optional.ofNullable(spec.getTargetNamespace())
                        .map(t -> TargetNamespace.requested(t.getGenerateName()))
                        .orElse(null));
    }

    /** What etcd stores at most per object by default (--max-request-bytes), the API server's effective limit. */
    public static final long MAX_OBJECT_BYTES = 1_572_864;
    /** What the status adds per component at most (messages are capped), and for the environment as a whole. */
    public static final long STATUS_BYTES_PER_COMPONENT = 1_536;

    public static final long STATUS_BYTES = 8_192;

    /**
     * Why the environment cannot be processed, when the object it is, plus the status and the ApplySet annotations
     * the operator would add, would not fit in what the API server stores per object: every write of the operator
     * would fail for good. Sizes are named, so the author knows by how much.
     */
    private Optional<String> tooLarge(TestEnvironment env, int components) {
        long spec = bytes(env.getSpec());
        long metadata = bytes(env.getMetadata());
        long status = STATUS_BYTES + STATUS_BYTES_PER_COMPONENT * components;
        long total = spec + metadata + status;
        if (total <= MAX_OBJECT_BYTES) {
            return Optional.empty();
        }
        return Optional.of("the environment would take " + kib(total) + " in the API server (spec " + kib(spec)
                + ", metadata " + kib(metadata) + " with its annotations and managedFields, the status about "
                + kib(status) + " for " + components + " components), which stores at most " + kib(MAX_OBJECT_BYTES)
                + " per object: split it into several environments, or apply it with kubectl apply --server-side, "
                + "which keeps no copy of it in an annotation");
    }

    private long bytes(Object value) {
        return value == null ? 0 : serialization.asJson(value).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String kib(long bytes) {
        return (bytes + 1023) / 1024 + " KiB";
    }

    private ComponentModel component(String namespace, ComponentSpec spec) {
        List<Manifest> manifests = listOf(spec.getManifests()).stream()
                .map(m -> manifest(namespace, m))
                .toList();
        List<Gate> gates =
                listOf(spec.getDependsOn()).stream().map(SpecConverter::gate).toList();
        List<CelOverride> health =
                listOf(spec.getHealth()).stream().map(SpecConverter::health).toList();
        return new ComponentModel(spec.getName(), manifests, gates, health);
    }

    @SuppressWarnings("unchecked")
    private Manifest manifest(String namespace, GenericKubernetesResource resource) {
        ObjectMeta metadata = Optional.ofNullable(resource.getMetadata()).orElseGet(ObjectMeta::new);
        Scope scope = resource.getApiVersion() == null || resource.getKind() == null
                ? Scope.UNKNOWN
                : kinds.scopeOf(new GroupVersionKind(resource.getApiVersion(), resource.getKind()));
        String objectNamespace = scope == Scope.CLUSTER
                ? null
                : Optional.ofNullable(metadata.getNamespace())
                        .filter(n -> !n.isBlank())
                        .orElse(namespace);
        ObjectRef ref =
                new ObjectRef(resource.getApiVersion(), resource.getKind(), objectNamespace, metadata.getName());
        return new Manifest(ref, scope, serialization.convertValue(resource, Map.class));
    }

    private static Gate gate(Dependency dependency) {
        return new Gate(
                dependency.getComponent(),
                Optional.ofNullable(dependency.getCondition()).orElse(GateCondition.Ready));
    }

    private static CelOverride health(HealthCheck check) {
        return new CelOverride(check.getKind(), check.getReadyWhen(), check.getFailedWhen());
    }

    private static OutputExpression output(String namespace, Output output) {
        SecretKeyRef ref = output.getSecretKeyRef();
        return ref == null
                ? new OutputExpression(output.getName(), output.getValue())
                : new OutputExpression(
                        output.getName(),
                        output.getValue(),
                        new ObjectRef("v1", "Secret", namespace, ref.getName()),
                        ref.getKey());
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}
