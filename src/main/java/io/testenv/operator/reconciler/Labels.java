package io.testenv.operator.reconciler;

/** Labels stamped on every object the operator applies, and on the pod templates inside them. */
public final class Labels {

    public static final String ENVIRONMENT = "testenv.io/environment";
    public static final String ENVIRONMENT_NAMESPACE = "testenv.io/environment-namespace";
    public static final String COMPONENT = "testenv.io/component";
    public static final String FIELD_MANAGER = "testenv-operator";
    /**
     * Annotation with the uid of the environment that created the object. Labels can be copied by anyone; an
     * environment's uid is known only to the API server and the operator, so this (or a controller owner
     * reference with that uid) is what makes an object the environment's.
     */
    public static final String ENVIRONMENT_UID = "testenv.io/environment-uid";

    private Labels() {
    }
}
