package io.testenv.operator.reconciler;

/** Labels stamped on every object the operator applies, and on the pod templates inside them. */
public final class Labels {

    public static final String ENVIRONMENT = "testenv.io/environment";
    public static final String ENVIRONMENT_NAMESPACE = "testenv.io/environment-namespace";
    public static final String COMPONENT = "testenv.io/component";
    public static final String FIELD_MANAGER = "testenv-operator";

    private Labels() {
    }
}
