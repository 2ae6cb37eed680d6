package io.testenv.operator.planner.readiness;

/**
 * Deployment, as kstatus reads it: failed when its progress deadline is exceeded; ready when every desired
 * replica is updated, ready and available, no old replica is left, the {@code Available} condition is True and,
 * when the Deployment has a progress deadline (the API server gives it one of 600 s by default), the
 * {@code Progressing} condition says the new ReplicaSet is available. Without the conditions a rollout that the
 * replica counts call complete may still be under way: the controller sets them in the same write as the counts.
 */
public final class DeploymentRule implements ReadinessRule {

    public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    public static final String NEW_REPLICA_SET_AVAILABLE = "NewReplicaSetAvailable";
    /** The reasons kstatus gives when the counts are complete but a condition is not. */
    public static final String NOT_PROGRESSED = "ReplicaSetNotAvailable";

    public static final String NOT_AVAILABLE = "DeploymentNotAvailable";
    /** What the controller reads as "no progress deadline" (kstatus and kubectl do the same). */
    public static final long NO_DEADLINE = Integer.MAX_VALUE;

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        var progressing = object.condition("Progressing");
        if (progressing.isPresent()
                && PROGRESS_DEADLINE_EXCEEDED.equals(progressing.get().get("reason"))) {
            return ObjectHealth.failed(
                    PROGRESS_DEADLINE_EXCEEDED,
                    "progress deadline exceeded: " + ObjectView.text(progressing.get(), "message"));
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
            return ObjectHealth.inProgress(
                    "OldReplicasPending", (total - updated) + " old replicas pending termination");
        }
        String counts = Replicas.ratio("Available", available, desired);
        if (available < desired || ready < desired) {
            return ObjectHealth.inProgress("Unavailable", counts);
        }
        boolean hasDeadline = object.longAt("spec", "progressDeadlineSeconds").orElse(NO_DEADLINE) != NO_DEADLINE;
        boolean progressed = object.conditionWithStatus("Progressing", "True")
                .filter(c -> NEW_REPLICA_SET_AVAILABLE.equals(c.get("reason")))
                .isPresent();
        if (hasDeadline && !progressed) {
            return ObjectHealth.inProgress(
                    NOT_PROGRESSED,
                    counts + "; Progressing: "
                            + progressing.map(ObjectView::statusAndReason).orElse("not reported yet"));
        }
        if (!object.isTrue("Available")) {
            return ObjectHealth.inProgress(
                    NOT_AVAILABLE,
                    counts + "; Available: "
                            + object.condition("Available")
                                    .map(ObjectView::statusAndReason)
                                    .orElse("not reported yet"));
        }
        return ObjectHealth.ready("Available", counts);
    }
}
