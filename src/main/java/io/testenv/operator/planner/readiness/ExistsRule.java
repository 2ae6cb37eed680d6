package io.testenv.operator.planner.readiness;

/** Objects without a readiness signal (ConfigMap, Secret, RBAC, ...) are ready once they exist. */
final class ExistsRule implements ReadinessRule {

    static final ExistsRule INSTANCE = new ExistsRule();

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        return ObjectHealth.ready("Exists", "exists");
    }
}
