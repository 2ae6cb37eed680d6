package io.testenv.operator.reconciler.marks;

/** Labels stamped on every object the operator applies and on the pod templates inside them, and on environments. */
public final class Labels {

    public static final String ENVIRONMENT = "testenv.io/environment";
    public static final String ENVIRONMENT_NAMESPACE = "testenv.io/environment-namespace";
    public static final String COMPONENT = "testenv.io/component";
    /**
     * On a namespace: whoever created it lets it go with the named environment when that environment's heartbeat
     * runs out (spec.heartbeat.deleteNamespace).
     */
    public static final String DELETE_WITH_ENVIRONMENT = "testenv.io/delete-with-environment";

    /**
     * On a namespace the operator made for an environment (spec.targetNamespace): the environment's uid, by which
     * it is found again (after a restart, before the status recorded it) and by which alone it is deleted.
     */
    public static final String ENVIRONMENT_UID = "testenv.io/environment-uid";

    /** On an environment: {@value #GARBAGE_COLLECTED} when garbage collection reaches every object it owns. */
    public static final String TEARDOWN = "testenv.io/teardown";

    public static final String GARBAGE_COLLECTED = "garbage-collection";
    /** The environments whose deletion may need the operator: those not (yet) judged garbage collected. */
    public static final String TEARDOWN_SELECTOR = TEARDOWN + "!=" + GARBAGE_COLLECTED;

    /**
     * On an environment: the shard whose operator replica reconciles it ({@code testenv.shard}); an environment
     * without it belongs to the replica started without a shard.
     */
    public static final String SHARD = "testenv.io/shard";

    private Labels() {}
}
