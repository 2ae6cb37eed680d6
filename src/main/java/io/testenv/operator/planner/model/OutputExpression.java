package io.testenv.operator.planner.model;

/**
 * One of spec.outputs: its name and either its CEL expression or the key of a Secret the environment declares
 * ({@code secret}, whose value only the binding Secret receives).
 */
public record OutputExpression(String name, String expression, ObjectRef secret, String key) {

    public OutputExpression(String name, String expression) {
        this(name, expression, null, null);
    }

    public boolean fromSecret() {
        return secret != null;
    }
}
