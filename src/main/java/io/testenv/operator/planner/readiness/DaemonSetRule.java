package io.testenv.operator.planner.readiness;

import java.util.Optional;

/** DaemonSet: ready when every scheduled pod is ready and updated. */
final class DaemonSetRule implements ReadinessRule {

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        Optional<Long> desired = object.longAt("status", "desiredNumberScheduled");
        if (desired.isEmpty()) {
            return ObjectHealth.inProgress("NotScheduled", "desired number scheduled not reported yet");
        }
        long ready = Replicas.status(object, "numberReady");
        long updated = Replicas.status(object, "updatedNumberScheduled");
        if (updated < desired.get()) {
            return ObjectHealth.inProgress("Updating", Replicas.ratio("Updated", updated, desired.get()));
        }
        if (ready < desired.get()) {
            return ObjectHealth.inProgress("NotReady", Replicas.ratio("Ready", ready, desired.get()));
        }
        return ObjectHealth.ready("Ready", Replicas.ratio("Ready", ready, desired.get()));
    }
}
