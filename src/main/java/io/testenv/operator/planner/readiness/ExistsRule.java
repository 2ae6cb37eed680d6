package io.testenv.operator.planner.readiness;

/** Objects without a readiness signal (ConfigMap, Secret, RBAC, ...) are ready once they exist. */
public final class ExistsRule implements ReadinessRule {

    public static final ExistsRule INSTANCE = new ExistsRule();

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        return ObjectHealth.ready("Exists", "exists");
    }
}
