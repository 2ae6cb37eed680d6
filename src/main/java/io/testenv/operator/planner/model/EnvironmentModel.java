package io.testenv.operator.planner.model;

import io.testenv.operator.api.DriftPolicy;
import io.testenv.operator.api.Strategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The planner's view of a TestEnvironment spec: immutable, converted once from the wire model.
 * {@code timeout} is parsed once; the planner validates it. {@code serviceAccountName} is the
 * ServiceAccount the environment's objects are read and written as (the spec's, else the operator's default),
 * null when the operator acts with its own rights; an empty one is an error, never "no identity".
 * {@code unreadable} says why the spec could not be read, when it could not (then it has no components).
 * {@code targetNamespace} is the namespace made for the environment's objects, when the spec asks for one (null
 * otherwise); once its name is known, {@link #withTargetNamespace} puts the objects declared without a namespace
 * into it.
 */
public record EnvironmentModel(
        String namespace,
        String name,
        long generation,
        Strategy strategy,
        Timeout timeout,
        List<ComponentModel> components,
        String serviceAccountName,
        String unreadable,
        DriftPolicy drift,
        Cleanup cleanup,
        List<OutputExpression> outputs,
        TargetNamespace targetNamespace) {

    public EnvironmentModel {
        components = List.copyOf(components);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        drift = drift == null ? DriftPolicy.Correct : drift;
        cleanup = cleanup == null ? Cleanup.none() : cleanup;
    }

    public EnvironmentModel(
            String namespace,
            String name,
            long generation,
            Strategy strategy,
            String timeout,
            List<ComponentModel> components,
            String serviceAccountName,
            String unreadable) {
        this(
                namespace,
                name,
                generation,
                strategy,
                Timeout.of(timeout),
                components,
                serviceAccountName,
                unreadable,
                null,
                null,
                List.of(),
                null);
    }

    public EnvironmentModel(
            String namespace,
            String name,
            long generation,
            Strategy strategy,
            Timeout timeout,
            List<ComponentModel> components,
            String serviceAccountName,
            String unreadable,
            DriftPolicy drift,
            Cleanup cleanup,
            List<OutputExpression> outputs) {
        this(
                namespace,
                name,
                generation,
                strategy,
                timeout,
                components,
                serviceAccountName,
                unreadable,
                drift,
                cleanup,
                outputs,
                null);
    }

    public EnvironmentModel(
            String namespace,
            String name,
            long generation,
            Strategy strategy,
            String timeout,
            List<ComponentModel> components) {
        this(namespace, name, generation, strategy, timeout, components, null, null);
    }

    public EnvironmentModel(
            String namespace,
            String name,
            long generation,
            Strategy strategy,
            String timeout,
            List<ComponentModel> components,
            String serviceAccountName) {
        this(namespace, name, generation, strategy, timeout, components, serviceAccountName, null);
    }

    /** Whether the environment acts as a ServiceAccount rather than with the operator's rights. */
    public boolean impersonates() {
        return serviceAccountName != null;
    }

    /** The namespace made for the environment's objects, when the spec asks for one. */
    public Optional<TargetNamespace> target() {
        return Optional.ofNullable(targetNamespace);
    }

    /** The namespace of objects declared without one: the target namespace once known, else the environment's. */
    public String objectNamespace() {
        return target().filter(TargetNamespace::known)
                .map(TargetNamespace::name)
                .orElse(namespace);
    }

    /**
     * This model with its target namespace known by that name: every namespaced manifest declared without a
     * namespace (defaulted to the environment's) goes into it, and so does an output's Secret declared so. Manifests
     * that name a namespace keep it.
     */
    public EnvironmentModel withTargetNamespace(String targetName) {
        if (targetNamespace == null || targetName == null) {
            return this;
        }
        List<ComponentModel> moved = new ArrayList<>();
        Set<ObjectRef> movedRefs = new HashSet<>();
        for (ComponentModel component : components) {
            List<Manifest> manifests = new ArrayList<>();
            for (Manifest manifest : component.manifests()) {
                ObjectRef ref = manifest.ref();
                if (namespace.equals(ref.namespace()) && !declaresNamespace(manifest)) {
                    ref = new ObjectRef(ref.apiVersion(), ref.kind(), targetName, ref.name());
                    movedRefs.add(ref);
                }
                manifests.add(new Manifest(ref, manifest.scope(), manifest.content()));
            }
            moved.add(new ComponentModel(component.name(), manifests, component.dependsOn(), component.health()));
        }
        List<OutputExpression> movedOutputs = outputs.stream()
                .map(o -> {
                    if (!o.fromSecret()) {
                        return o;
                    }
                    ObjectRef there = new ObjectRef(
                            o.secret().apiVersion(),
                            o.secret().kind(),
                            targetName,
                            o.secret().name());
                    return movedRefs.contains(there)
                            ? new OutputExpression(o.name(), o.expression(), there, o.key())
                            : o;
                })
                .toList();
        return new EnvironmentModel(
                namespace,
                name,
                generation,
                strategy,
                timeout,
                moved,
                serviceAccountName,
                unreadable,
                drift,
                cleanup,
                movedOutputs,
                targetNamespace.named(targetName));
    }

    private static boolean declaresNamespace(Manifest manifest) {
        return manifest.content().get("metadata") instanceof Map<?, ?> metadata
                && metadata.get("namespace") instanceof String declared
                && !declared.isBlank();
    }
}
