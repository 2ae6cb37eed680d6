package io.testenv.operator.planner.readiness;

/**
 * Deployment: ready when every desired replica is updated, ready and available and no old replica is left;
 * failed when its progress deadline is exceeded.
 */
final class DeploymentRule implements ReadinessRule {

    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        var progressing = object.condition("Progressing");
        if (progressing.isPresent() && PROGRESS_DEADLINE_EXCEEDED.equals(progressing.get().get("reason"))) {
            return ObjectHealth.failed(PROGRESS_DEADLINE_EXCEEDED, "progress deadline exceeded: "
                    + ObjectView.text(progressing.get(), "message"));
        }
        long desired = Replicas.desired(object);
        long updated = Replicas.status(object, "updatedReplicas");
        long ready = Replicas.status(object, "readyReplicas");
        long available = Replicas.status(object, "availableReplicas");
        long total = Replicas.status(object, "replicas");
        if (updated < desired) {
            return ObjectHealth.inProgress("Updating", Replicas.ratio("Updated", updated, desired));
        }
        if (total > updated) {
            return ObjectHealth.inProgress("OldReplicasPending", (total - updated) + " old replicas pending termination");
        }
        if (available < desired || ready < desired) {
            return ObjectHealth.inProgress("Unavailable", Replicas.ratio("Available", available, desired));
        }
        return ObjectHealth.ready("Available", Replicas.ratio("Available", available, desired));
    }
}
