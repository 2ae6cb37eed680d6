package io.testenv.operator.planner.readiness;

import java.util.Map;
import java.util.Optional;

/**
 * Job: ready only when Complete, and a Failed condition fails it at once. A gate waits on a Job for its work to be
 * done, so unlike kstatus (for which a started or a suspended Job is current) a running Job is in progress, and a
 * suspended one says so: it completes only once something resumes it.
 */
public final class JobRule implements ReadinessRule {

    public static final String JOB_FAILED = "JobFailed";
    public static final String SUSPENDED = "Suspended";

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        Optional<Map<String, Object>> failed = object.conditionWithStatus("Failed", "True");
        if (failed.isPresent()) {
            return ObjectHealth.failed(
                    JOB_FAILED,
                    "failed: " + ObjectView.text(failed.get(), "reason") + ": "
                            + ObjectView.text(failed.get(), "message"));
        }
        if (object.isTrue("Complete")) {
            return ObjectHealth.ready("Complete", "complete");
        }
        String counts = "active " + Replicas.status(object, "active") + ", succeeded "
                + Replicas.status(object, "succeeded") + ", failed " + Replicas.status(object, "failed");
        if (object.isTrue(SUSPENDED)
                || Boolean.TRUE.equals(object.at("spec", "suspend").orElse(false))) {
            return ObjectHealth.inProgress(SUSPENDED, "suspended, it runs once resumed (" + counts + ")");
        }
        return ObjectHealth.inProgress("Running", counts);
    }
}
