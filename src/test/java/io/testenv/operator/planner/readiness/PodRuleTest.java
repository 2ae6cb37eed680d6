package io.testenv.operator.planner.readiness;

import static io.testenv.operator.planner.readiness.RuleRows.row;

import io.testenv.operator.api.ObjectState;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod: Ready or Succeeded is ready, Failed fails; problems that may clear by themselves (scheduling, container
 * waits) are reported in the message and keep it in progress.
 */
class PodRuleTest {

    static String waiting(String waitingReason, String message, String statusField) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                status:
                  phase: Pending
                  %s:
                  - name: app
                    state: {waiting: {reason: %s, message: '%s'}}
                """.formatted(statusField, waitingReason, message);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("ready", ObjectState.Ready, "Ready", "ready", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
                        """),
                row("succeeded", ObjectState.Ready, "Succeeded", "succeeded", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        status: {phase: Succeeded}
                        """),
                row(
                        "failed fails (kstatus: current, as completed)",
                        ObjectState.Failed,
                        "PodFailed",
                        "failed: Evicted",
                        """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        status: {phase: Failed, reason: Evicted, message: The node was low on resource}
                        """),
                row(
                        "crash looping is reported, not failed (kstatus: failed): a dependent may crash until its gate "
                                + "opens",
                        ObjectState.InProgress,
                        "CrashLoopBackOff",
                        "container app: CrashLoopBackOff (back-off 10s restarting failed container)",
                        waiting("CrashLoopBackOff", "back-off 10s restarting failed container", "containerStatuses")),
                row(
                        "image pull back-off is reported",
                        ObjectState.InProgress,
                        "ImagePullBackOff",
                        "container app: ImagePullBackOff",
                        waiting("ImagePullBackOff", "Back-off pulling image", "containerStatuses")),
                row(
                        "image pull error in an init container is reported",
                        ObjectState.InProgress,
                        "ErrImagePull",
                        "container app: ErrImagePull",
                        waiting("ErrImagePull", "manifest unknown", "initContainerStatuses")),
                row(
                        "config error is reported",
                        ObjectState.InProgress,
                        "CreateContainerConfigError",
                        "secret \"db\" not found",
                        waiting("CreateContainerConfigError", "secret \"db\" not found", "containerStatuses")),
                row(
                        "unschedulable is reported, not failed (kstatus: failed after 15 s): a node may yet be added",
                        ObjectState.InProgress,
                        "Unschedulable",
                        "scheduling: Unschedulable (0/1 nodes are available: 1 Insufficient memory.)",
                        """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        status:
                          phase: Pending
                          conditions:
                          - {type: PodScheduled, status: "False", reason: Unschedulable, message: '0/1 nodes are available: 1 Insufficient memory.'}
                        """),
                row(
                        "scheduling gated is reported with its reason",
                        ObjectState.InProgress,
                        "SchedulingGated",
                        "scheduling: SchedulingGated",
                        """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: p}
                        status:
                          phase: Pending
                          conditions: [{type: PodScheduled, status: "False", reason: SchedulingGated}]
                        """),
                row(
                        "starting",
                        ObjectState.InProgress,
                        "NotReady",
                        "phase Pending",
                        waiting("ContainerCreating", "", "containerStatuses")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheStateOfAPod(String name, ObjectState state, String reason, String messagePart, String yaml) {
        RuleRows.assertDecides(state, reason, messagePart, yaml);
    }
}
