package io.testenv.operator.planner.readiness;

/** ReplicaSet: ready when every desired replica is ready and available; ReplicaFailure goes into the message. */
final class ReplicaSetRule implements ReadinessRule {

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        long desired = Replicas.desired(object);
        long ready = Replicas.status(object, "readyReplicas");
        long available = Replicas.status(object, "availableReplicas");
        if (ready >= desired && available >= desired) {
            return ObjectHealth.ready("Available", Replicas.ratio("Available", available, desired));
        }
        String message = Replicas.ratio("Available", available, desired);
        var failure = object.condition("ReplicaFailure");
        if (failure.isPresent() && "True".equals(failure.get().get("status"))) {
            return ObjectHealth.inProgress("ReplicaFailure", message + "; " + ObjectView.text(failure.get(), "reason")
                    + ": " + ObjectView.text(failure.get(), "message"));
        }
        return ObjectHealth.inProgress("Unavailable", message);
    }
}
