package io.testenv.operator.planner.model;

/** One of spec.outputs: its name and its CEL expression. */
public record OutputExpression(String name, String expression) {}
