package io.testenv.operator.planner.readiness;

/**
 * StatefulSet (its controller sets no conditions, so the counts decide, as in kstatus and
 * {@code kubectl rollout status}):
 * <ul>
 * <li>every desired replica ready, and no extra pod left (a scale-down's pods still terminating);</li>
 * <li>{@code OnDelete}: nothing more, as the controller replaces no pod by itself, so an update revision is
 * never waited for (kstatus calls such a StatefulSet current at once, even before a pod is ready);</li>
 * <li>a partitioned rolling update ({@code partition} above 0): the pods from the partition up updated, since the
 * others stay at the old revision by design and the revisions never meet;</li>
 * <li>otherwise: every replica updated and current, and the current revision the update revision.</li>
 * </ul>
 */
public final class StatefulSetRule implements ReadinessRule {

    public static final String ON_DELETE = "OnDelete";
    public static final String PARTITION_ROLLED_OUT = "PartitionRolledOut";

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        long desired = Replicas.desired(object);
        long ready = Replicas.status(object, "readyReplicas");
        long total = Replicas.status(object, "replicas");
        String readyRatio = Replicas.ratio("Ready", ready, desired);
        if (ready < desired) {
            return ObjectHealth.inProgress("NotReady", readyRatio);
        }
        if (total > desired) {
            return ObjectHealth.inProgress("ExtraPods", (total - desired) + " extra pods pending termination");
        }
        if (ON_DELETE.equals(object.stringAt("spec", "updateStrategy", "type").orElse(""))) {
            return ObjectHealth.ready("Ready", readyRatio + " (OnDelete: pods are updated only when deleted)");
        }
        long updated = Replicas.status(object, "updatedReplicas");
        long partition = object.longAt("spec", "updateStrategy", "rollingUpdate", "partition")
                .orElse(0L);
        if (partition > 0) {
            long above = Math.max(0, desired - partition);
            String updatedRatio = Replicas.ratio("Updated", updated, above) + " from partition " + partition;
            if (updated < above) {
                return ObjectHealth.inProgress("Updating", updatedRatio);
            }
            return ObjectHealth.ready(PARTITION_ROLLED_OUT, readyRatio + "; " + updatedRatio);
        }
        if (updated < desired) {
            return ObjectHealth.inProgress("Updating", Replicas.ratio("Updated", updated, desired));
        }
        String current = object.stringAt("status", "currentRevision").orElse("");
        String update = object.stringAt("status", "updateRevision").orElse("");
        if (!current.equals(update)) {
            return ObjectHealth.inProgress("Updating", "rolling out revision " + update);
        }
        long currentReplicas = Replicas.status(object, "currentReplicas");
        if (currentReplicas < desired) {
            return ObjectHealth.inProgress("Updating", Replicas.ratio("Current", currentReplicas, desired));
        }
        return ObjectHealth.ready("Ready", readyRatio);
    }
}
