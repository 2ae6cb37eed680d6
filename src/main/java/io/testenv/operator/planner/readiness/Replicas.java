package io.testenv.operator.planner.readiness;

/** Replica counting shared by the workload rules: the desired count and "x/y" messages. */
public final class Replicas {

    private Replicas() {}

    /** {@code spec.replicas}, which Kubernetes defaults to 1. */
    public static long desired(ObjectView object) {
        return object.longAt("spec", "replicas").orElse(1L);
    }

    public static long status(ObjectView object, String field) {
        return object.longAt("status", field).orElse(0L);
    }

    public static String ratio(String label, long actual, long desired) {
        return label + ": " + actual + "/" + desired;
    }
}
