package io.testenv.operator.planner.readiness;

import java.util.Map;
import java.util.Optional;

/** Job: ready only when Complete; a Failed condition fails it at once. */
final class JobRule implements ReadinessRule {

    static final String JOB_FAILED = "JobFailed";

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        Optional<Map<String, Object>> failed = object.condition("Failed");
        if (failed.isPresent() && "True".equals(failed.get().get("status"))) {
            return ObjectHealth.failed(JOB_FAILED, "failed: " + ObjectView.text(failed.get(), "reason") + ": "
                    + ObjectView.text(failed.get(), "message"));
        }
        if (object.isTrue("Complete")) {
            return ObjectHealth.ready("Complete", "complete");
        }
        return ObjectHealth.inProgress("Running", "active " + Replicas.status(object, "active") + ", succeeded "
                + Replicas.status(object, "succeeded") + ", failed " + Replicas.status(object, "failed"));
    }
}
