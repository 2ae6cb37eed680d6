package io.testenv.operator.planner.model;

import java.util.List;

import io.testenv.operator.api.Strategy;

/**
 * The planner's view of a TestEnvironment spec: immutable, converted once from the wire model.
 * {@code timeout} stays the text the user wrote; the planner validates it.
 */
public record EnvironmentModel(String namespace, String name, long generation, Strategy strategy, String timeout,
        List<ComponentModel> components) {

    public EnvironmentModel {
        components = List.copyOf(components);
    }
}
