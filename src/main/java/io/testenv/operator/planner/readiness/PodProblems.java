package io.testenv.operator.planner.readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Problems of a Pod worth telling a user about: the scheduler cannot place it ({@code PodScheduled=False}, e.g.
 * Unschedulable), or containers (and init containers) wait in CrashLoopBackOff, ImagePullBackOff, ErrImagePull or
 * CreateContainerConfigError. Reported, never failed on: each may clear by itself.
 */
public final class PodProblems {

    public static final Set<String> REPORTED =
            Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError");
    public static final String NOT_SCHEDULED = "NotScheduled";

    private PodProblems() {}

    /**
     * One line per problem, e.g. {@code container app: ImagePullBackOff (Back-off pulling image "x")} or
     * {@code scheduling: Unschedulable (0/3 nodes are available: ...)}.
     */
    public static List<String> of(ObjectView pod) {
        List<String> problems = new ArrayList<>();
        for (Problem problem : problemsOf(pod)) {
            problems.add(problem.toString());
        }
        return problems;
    }

    /** What has the problem ({@code container app}, {@code scheduling}), its CamelCase reason and the message. */
    public record Problem(String subject, String reason, String message) {
        @Override
        public String toString() {
            return subject + ": " + reason + (message.isBlank() ? "" : " (" + message + ")");
        }
    }

    public static List<Problem> problemsOf(ObjectView pod) {
        List<Problem> problems = new ArrayList<>();
        pod.conditionWithStatus("PodScheduled", "False").ifPresent(condition -> {
            String reason = ObjectView.text(condition, "reason");
            problems.add(new Problem(
                    "scheduling", reason.isBlank() ? NOT_SCHEDULED : reason, ObjectView.text(condition, "message")));
        });
        for (String field : List.of("initContainerStatuses", "containerStatuses")) {
            for (Map<String, Object> container : pod.listAt("status", field)) {
                ObjectView status = new ObjectView(container);
                String reason = status.stringAt("state", "waiting", "reason").orElse("");
                if (REPORTED.contains(reason)) {
                    problems.add(new Problem(
                            "container " + ObjectView.text(container, "name"),
                            reason,
                            status.stringAt("state", "waiting", "message").orElse("")));
                }
            }
        }
        return problems;
    }
}
