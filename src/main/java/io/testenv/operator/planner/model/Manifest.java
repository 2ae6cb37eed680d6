package io.testenv.operator.planner.model;

import java.util.Map;

/** One object of a component as the user wrote it, with its identity resolved (namespace defaulted). */
public record Manifest(ObjectRef ref, Scope scope, Map<String, Object> content) {}
