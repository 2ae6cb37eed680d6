package io.testenv.operator.reconciler.marks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.testenv.operator.api.TestEnvironment;

/**
 * What makes an object an environment's, and the teardown finalizer. Labels ({@link Labels}) can be copied by
 * anyone; an environment's uid is known only to the API server and the operator, so the uid annotation (or a
 * controller owner reference with that uid) is what makes an object the environment's: {@link #belongsTo}, the one
 * rule for it.
 */
public final class Marks {

    /** Annotation with the uid of the environment that created the object. */
    public static final String ENVIRONMENT_UID = "testenv.io/environment-uid";
    /**
     * Annotation a user (a CI pipeline) sets to a W3C traceparent: the environment's bring-up is exported as a
     * trace under that span once it is Ready or Failed.
     */
    public static final String TRACEPARENT = "testenv.io/traceparent";
    /** java-operator-sdk's finalizer name for the kind, the same as before the teardown controller existed. */
    public static final String FINALIZER = ReconcilerUtils.getDefaultFinalizerName(TestEnvironment.class);
    /** The kind an environment's controller owner reference names. */
    private static final String ENVIRONMENT_KIND = HasMetadata.getKind(TestEnvironment.class);

    private Marks() {}

    /**
     * Whether the object is the environment's: it carries the environment's uid, in our annotation or as its
     * controller owner reference (of kind TestEnvironment). Our labels alone do not count, since anyone can copy
     * them.
     */
    public static boolean belongsTo(HasMetadata object, String environmentUid) {
        if (environmentUid == null) {
            return false;
        }
        ObjectMeta metadata = object.getMetadata();
        if (metadata.getAnnotations() != null
                && environmentUid.equals(metadata.getAnnotations().get(ENVIRONMENT_UID))) {
            return true;
        }
        return metadata.getOwnerReferences() != null
                && metadata.getOwnerReferences().stream()
                        .anyMatch(owner -> isEnvironmentController(owner) && environmentUid.equals(owner.getUid()));
    }

    /**
     * Whether the object may be some environment's: it carries our uid annotation or a TestEnvironment as its
     * controller owner, whatever the uid. {@link #belongsTo} is false for every environment when this is false.
     */
    public static boolean mayBelongToAnEnvironment(HasMetadata object) {
        ObjectMeta metadata = object.getMetadata();
        if (metadata == null) {
            return false;
        }
        if (metadata.getAnnotations() != null && metadata.getAnnotations().containsKey(ENVIRONMENT_UID)) {
            return true;
        }
        return metadata.getOwnerReferences() != null
                && metadata.getOwnerReferences().stream().anyMatch(Marks::isEnvironmentController);
    }

    private static boolean isEnvironmentController(OwnerReference owner) {
        return Boolean.TRUE.equals(owner.getController()) && ENVIRONMENT_KIND.equals(owner.getKind());
    }
}
