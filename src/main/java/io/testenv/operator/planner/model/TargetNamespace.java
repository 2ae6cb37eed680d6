package io.testenv.operator.planner.model;

/**
 * The namespace made for an environment's objects (spec.targetNamespace): the prefix the API server names it
 * from, and its name once it exists (found or created), null before.
 */
public record TargetNamespace(String generateName, String name) {

    public static TargetNamespace requested(String generateName) {
        return new TargetNamespace(generateName, null);
    }

    /** Whether the namespace exists (was created or found): its name is known. */
    public boolean known() {
        return name != null;
    }

    public TargetNamespace named(String name) {
        return new TargetNamespace(generateName, name);
    }
}
