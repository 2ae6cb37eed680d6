package io.testenv.operator.planner.readiness;

/**
 * ReplicaSet: a {@code ReplicaFailure=True} condition keeps it in progress whatever its counts say (kstatus
 * checks it first: pods could not be created or deleted, e.g. over quota), with the controller's reason in the
 * message; otherwise ready when every desired replica is ready and available and no extra pod is left.
 */
public final class ReplicaSetRule implements ReadinessRule {

    public static final String REPLICA_FAILURE = "ReplicaFailure";

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        long desired = Replicas.desired(object);
        long ready = Replicas.status(object, "readyReplicas");
        long available = Replicas.status(object, "availableReplicas");
        long total = Replicas.status(object, "replicas");
        String counts = Replicas.ratio("Available", available, desired);
        var failure = object.conditionWithStatus(REPLICA_FAILURE, "True");
        if (failure.isPresent()) {
            return ObjectHealth.inProgress(REPLICA_FAILURE, counts + "; " + ObjectView.reasonAndMessage(failure.get()));
        }
        if (ready < desired || available < desired) {
            return ObjectHealth.inProgress("Unavailable", counts);
        }
        if (total > desired) {
            return ObjectHealth.inProgress("ExtraPods", (total - desired) + " extra pods pending termination");
        }
        return ObjectHealth.ready("Available", counts);
    }
}
