package io.testenv.operator.planner.readiness;

/** Replica counting shared by the workload rules: the desired count and "x/y" messages. */
final class Replicas {

    private Replicas() {
    }

    /** {@code spec.replicas}, which Kubernetes defaults to 1. */
    static long desired(ObjectView object) {
        return object.longAt("spec", "replicas").orElse(1L);
    }

    static long status(ObjectView object, String field) {
        return object.longAt("status", field).orElse(0L);
    }

    static String ratio(String label, long actual, long desired) {
        return label + ": " + actual + "/" + desired;
    }
}
