package io.testenv.operator.planner.readiness;

import java.util.Optional;

/** StatefulSet: ready when every desired replica is ready and updated to the current revision. */
final class StatefulSetRule implements ReadinessRule {

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        long desired = Replicas.desired(object);
        long ready = Replicas.status(object, "readyReplicas");
        if (ready < desired) {
            return ObjectHealth.inProgress("NotReady", Replicas.ratio("Ready", ready, desired));
        }
        Optional<Long> updated = object.longAt("status", "updatedReplicas");
        if (updated.isPresent() && updated.get() < desired) {
            return ObjectHealth.inProgress("Updating", Replicas.ratio("Updated", updated.get(), desired));
        }
        Optional<String> current = object.stringAt("status", "currentRevision");
        Optional<String> update = object.stringAt("status", "updateRevision");
        if (current.isPresent() && update.isPresent() && !current.get().equals(update.get())) {
            return ObjectHealth.inProgress("Updating", "rolling out revision " + update.get());
        }
        return ObjectHealth.ready("Ready", Replicas.ratio("Ready", ready, desired));
    }
}
