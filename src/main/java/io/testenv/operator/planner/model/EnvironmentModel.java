package io.testenv.operator.planner.model;

import io.testenv.operator.api.DriftPolicy;
import io.testenv.operator.api.Strategy;
import java.util.List;

/**
 * The planner's view of a TestEnvironment spec: immutable, converted once from the wire model.
 * {@code timeout} is parsed once; the planner validates it. {@code serviceAccountName} is the
 * ServiceAccount the environment's objects are read and written as (the spec's, else the operator's default),
 * null when the operator acts with its own rights; an empty one is an error, never "no identity".
 * {@code unreadable} says why the spec could not be read, when it could not (then it has no components).
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
        List<OutputExpression> outputs) {

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
                List.of());
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
}
