package io.testenv.operator.planner.readiness;

import java.util.Optional;

/**
 * DaemonSet, as kstatus reads it: in progress until its controller has reported an observed generation (a
 * DaemonSet it has acted on always has one), then ready when a pod is scheduled, updated, ready and available on
 * every node that should run one.
 */
public final class DaemonSetRule implements ReadinessRule {

    public static final String NOT_OBSERVED = "NotObserved";

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        if (object.longAt("metadata", "generation").isEmpty()
                || object.longAt("status", "observedGeneration").isEmpty()) {
            return ObjectHealth.inProgress(NOT_OBSERVED, "no observed generation reported yet");
        }
        Optional<Long> desired = object.longAt("status", "desiredNumberScheduled");
        if (desired.isEmpty()) {
            return ObjectHealth.inProgress("NotScheduled", "desired number scheduled not reported yet");
        }
        long nodes = desired.get();
        long scheduled = Replicas.status(object, "currentNumberScheduled");
        long updated = Replicas.status(object, "updatedNumberScheduled");
        long ready = Replicas.status(object, "numberReady");
        long available = Replicas.status(object, "numberAvailable");
        if (scheduled < nodes) {
            return ObjectHealth.inProgress("Scheduling", Replicas.ratio("Scheduled", scheduled, nodes));
        }
        if (updated < nodes) {
            return ObjectHealth.inProgress("Updating", Replicas.ratio("Updated", updated, nodes));
        }
        if (ready < nodes) {
            return ObjectHealth.inProgress("NotReady", Replicas.ratio("Ready", ready, nodes));
        }
        if (available < nodes) {
            return ObjectHealth.inProgress("Unavailable", Replicas.ratio("Available", available, nodes));
        }
        return ObjectHealth.ready("Available", Replicas.ratio("Available", available, nodes));
    }
}
