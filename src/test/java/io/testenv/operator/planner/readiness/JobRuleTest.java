package io.testenv.operator.planner.readiness;

import static io.testenv.operator.planner.readiness.RuleRows.row;

import io.testenv.operator.api.ObjectState;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Job: a gate on a Job waits for its work to be done, so it is ready only when Complete (kstatus differs). */
class JobRuleTest {

    static String job(String spec, String status) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: j, generation: 1}
                spec: %s
                status:
                %s
                """.formatted(spec, status.indent(2));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("complete", ObjectState.Ready, "Complete", "complete", job("{}", """
                        succeeded: 1
                        conditions: [{type: Complete, status: "True"}]
                        """)),
                row(
                        "running is in progress (kstatus: current once started)",
                        ObjectState.InProgress,
                        "Running",
                        "active 1, succeeded 0, failed 1",
                        job("{}", "{startTime: '2026-12-01T10:00:00Z', active: 1, failed: 1}")),
                row(
                        "success criteria met is in progress until Complete (its pods may still run)",
                        ObjectState.InProgress,
                        "Running",
                        "succeeded 1",
                        job("{}", """
                        startTime: '2026-12-01T10:00:00Z'
                        succeeded: 1
                        conditions: [{type: SuccessCriteriaMet, status: "True", reason: CompletionsReached}]
                        """)),
                row(
                        "suspended is in progress and says so (kstatus: current)",
                        ObjectState.InProgress,
                        "Suspended",
                        "suspended, it runs once resumed",
                        job("{suspend: true}", """
                        conditions: [{type: Suspended, status: "True", reason: JobSuspended}]
                        """)),
                row(
                        "suspend set on a running Job, before its controller acts, is suspended",
                        ObjectState.InProgress,
                        "Suspended",
                        "active 1",
                        job("{suspend: true}", "{startTime: '2026-12-01T10:00:00Z', active: 1}")),
                row(
                        "resumed, the Suspended condition False, is running",
                        ObjectState.InProgress,
                        "Running",
                        "active 1",
                        job("{suspend: false}", """
                        startTime: '2026-12-01T10:00:00Z'
                        active: 1
                        conditions: [{type: Suspended, status: "False", reason: JobResumed}]
                        """)),
                row(
                        "failure target set is in progress until Failed (its pods still terminate)",
                        ObjectState.InProgress,
                        "Running",
                        "active 0",
                        job("{}", """
                        startTime: '2026-12-01T10:00:00Z'
                        conditions: [{type: FailureTarget, status: "True", reason: BackoffLimitExceeded}]
                        """)),
                row(
                        "failed fails at once",
                        ObjectState.Failed,
                        "JobFailed",
                        "failed: BackoffLimitExceeded: Job has reached the specified backoff limit",
                        job("{}", """
                        failed: 3
                        conditions:
                        - {type: Failed, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}
                        """)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheStateOfAJob(String name, ObjectState state, String reason, String messagePart, String yaml) {
        RuleRows.assertDecides(state, reason, messagePart, yaml);
    }
}
