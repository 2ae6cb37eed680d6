package io.testenv.operator.planner.readiness;

import static io.testenv.operator.planner.readiness.RuleRows.row;

import io.testenv.operator.api.ObjectState;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Deployment: the replica counts of {@code kubectl rollout status}, then kstatus' Progressing and Available. */
class DeploymentRuleTest {

    /** A Deployment of 2 replicas with a progress deadline (as the API server defaults it) and this status. */
    static String deployment(String status) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d, generation: 1}
                spec: {replicas: 2, progressDeadlineSeconds: 600}
                status:
                %s
                """.formatted(status.indent(2));
    }

    static final String COUNTS_COMPLETE = """
            observedGeneration: 1
            replicas: 2
            updatedReplicas: 2
            readyReplicas: 2
            availableReplicas: 2
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                row(
                        "all replicas available, new ReplicaSet available, Available",
                        ObjectState.Ready,
                        "Available",
                        "Available: 2/2",
                        deployment(COUNTS_COMPLETE + """
                        conditions:
                        - {type: Available, status: "True", reason: MinimumReplicasAvailable}
                        - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
                        """)),
                row("replicas default to one", ObjectState.InProgress, "Unavailable", "Available: 0/1", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: d, generation: 1}
                        spec: {}
                        status: {observedGeneration: 1, replicas: 1, updatedReplicas: 1}
                        """),
                row("not all updated", ObjectState.InProgress, "Updating", "Updated: 1/2", deployment("""
                        {observedGeneration: 1, replicas: 2, updatedReplicas: 1, availableReplicas: 2, readyReplicas: 2}
                        """)),
                row(
                        "old replicas still present",
                        ObjectState.InProgress,
                        "OldReplicasPending",
                        "1 old replicas",
                        deployment("""
                        {observedGeneration: 1, replicas: 3, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2}
                        """)),
                row(
                        "counts complete but the new ReplicaSet not reported available: in progress",
                        ObjectState.InProgress,
                        "ReplicaSetNotAvailable",
                        "Progressing: True (ReplicaSetUpdated)",
                        deployment(COUNTS_COMPLETE + """
                        conditions:
                        - {type: Available, status: "True", reason: MinimumReplicasAvailable}
                        - {type: Progressing, status: "True", reason: ReplicaSetUpdated}
                        """)),
                row(
                        "counts complete, Progressing not reported yet: in progress",
                        ObjectState.InProgress,
                        "ReplicaSetNotAvailable",
                        "Progressing: not reported yet",
                        deployment(COUNTS_COMPLETE)),
                row(
                        "paused rollout is in progress and says so",
                        ObjectState.InProgress,
                        "ReplicaSetNotAvailable",
                        "Progressing: Unknown (DeploymentPaused)",
                        deployment(COUNTS_COMPLETE + """
                        conditions:
                        - {type: Available, status: "True", reason: MinimumReplicasAvailable}
                        - {type: Progressing, status: Unknown, reason: DeploymentPaused}
                        """)),
                row(
                        "counts complete but Available False: in progress",
                        ObjectState.InProgress,
                        "DeploymentNotAvailable",
                        "Available: False (MinimumReplicasUnavailable)",
                        deployment(COUNTS_COMPLETE + """
                        conditions:
                        - {type: Available, status: "False", reason: MinimumReplicasUnavailable}
                        - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
                        """)),
                row(
                        "without a progress deadline Progressing is not waited for",
                        ObjectState.Ready,
                        "Available",
                        "Available: 1/1",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: d, generation: 1}
                        spec: {replicas: 1, progressDeadlineSeconds: 2147483647}
                        status:
                          observedGeneration: 1
                          replicas: 1
                          updatedReplicas: 1
                          readyReplicas: 1
                          availableReplicas: 1
                          conditions: [{type: Available, status: "True", reason: MinimumReplicasAvailable}]
                        """),
                row(
                        "progress deadline exceeded fails",
                        ObjectState.Failed,
                        "ProgressDeadlineExceeded",
                        "ReplicaSet \"d-1\" has timed out progressing",
                        deployment("""
                        observedGeneration: 1
                        replicas: 2
                        updatedReplicas: 2
                        conditions:
                        - {type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: 'ReplicaSet "d-1" has timed out progressing.'}
                        """)),
                row("scaled to zero is ready", ObjectState.Ready, "Available", "Available: 0/0", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: d, generation: 1}
                        spec: {replicas: 0, progressDeadlineSeconds: 600}
                        status:
                          observedGeneration: 1
                          conditions:
                          - {type: Available, status: "True", reason: MinimumReplicasAvailable}
                          - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheStateOfADeployment(String name, ObjectState state, String reason, String messagePart, String yaml) {
        RuleRows.assertDecides(state, reason, messagePart, yaml);
    }
}
