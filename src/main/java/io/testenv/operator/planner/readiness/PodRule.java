package io.testenv.operator.planner.readiness;

import java.util.List;

/**
 * Pod: ready when its Ready condition is True or it Succeeded; failed when its phase is Failed (kstatus calls a
 * failed pod current, as completed: a gate must not open on it). Container problems ({@link PodProblems}) and a
 * pod the scheduler cannot place ({@code PodScheduled=False}, e.g. Unschedulable) are reported, not failed:
 * a dependent may crash until its own gate opens, and a node may yet be added; the environment's timeout bounds
 * both. kstatus fails a crash loop at once and an unschedulable pod after 15 s.
 */
public final class PodRule implements ReadinessRule {

    @Override
    public ObjectHealth evaluate(ObjectView object) {
        String phase = object.stringAt("status", "phase").orElse("");
        if ("Succeeded".equals(phase)) {
            return ObjectHealth.ready("Succeeded", "succeeded");
        }
        if ("Failed".equals(phase)) {
            String why = (object.stringAt("status", "reason").orElse("") + " "
                            + object.stringAt("status", "message").orElse(""))
                    .trim();
            return ObjectHealth.failed("PodFailed", why.isEmpty() ? "failed" : "failed: " + why);
        }
        if (object.isTrue("Ready")) {
            return ObjectHealth.ready("Ready", "ready");
        }
        List<PodProblems.Problem> problems = PodProblems.problemsOf(object);
        if (!problems.isEmpty()) {
            return ObjectHealth.inProgress(
                    problems.get(0).reason(),
                    String.join(
                            "; ",
                            problems.stream().map(PodProblems.Problem::toString).toList()));
        }
        return ObjectHealth.inProgress("NotReady", phase.isEmpty() ? "not ready" : "phase " + phase + ", not ready");
    }
}
