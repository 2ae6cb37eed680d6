package io.testenv.operator.planner.readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Container problems of a Pod worth telling a user about: containers (and init containers) waiting in
 * CrashLoopBackOff, ImagePullBackOff, ErrImagePull or CreateContainerConfigError.
 */
public final class PodProblems {

    static final Set<String> REPORTED = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "CreateContainerConfigError");

    private PodProblems() {
    }

    /** One line per problem, e.g. {@code container app: ImagePullBackOff (Back-off pulling image "x")}. */
    public static List<String> of(ObjectView pod) {
        List<String> problems = new ArrayList<>();
        for (Problem problem : problemsOf(pod)) {
            problems.add(problem.toString());
        }
        return problems;
    }

    record Problem(String container, String reason, String message) {
        @Override
        public String toString() {
            return "container " + container + ": " + reason + (message.isBlank() ? "" : " (" + message + ")");
        }
    }

    static List<Problem> problemsOf(ObjectView pod) {
        List<Problem> problems = new ArrayList<>();
        for (String field : List.of("initContainerStatuses", "containerStatuses")) {
            for (Map<String, Object> container : pod.listAt("status", field)) {
                ObjectView status = new ObjectView(container);
                String reason = status.stringAt("state", "waiting", "reason").orElse("");
                if (REPORTED.contains(reason)) {
                    problems.add(new Problem(ObjectView.text(container, "name"), reason,
                            status.stringAt("state", "waiting", "message").orElse("")));
                }
            }
        }
        return problems;
    }
}
