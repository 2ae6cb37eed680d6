package io.testenv.operator.planner.readiness;

/** Decides the state of one object from its observed content. Never throws for a malformed object. */
@FunctionalInterface
public interface ReadinessRule {

    public ObjectHealth evaluate(ObjectView object);
}
