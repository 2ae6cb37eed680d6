package io.testenv.operator.planner.readiness;

import static io.testenv.operator.planner.readiness.RuleRows.row;

import io.testenv.operator.api.ObjectState;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ReplicaSet: ReplicaFailure first, then ready and available replicas, no extra pods. ReplicaFailure is in
 * progress, as in kstatus: quota or admission may yet let the pods be created.
 */
class ReplicaSetRuleTest {

    static String replicaSet(long replicas, String status) {
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: rs, generation: 1}
                spec: {replicas: %d}
                status:
                %s
                """.formatted(replicas, status.indent(2));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row(
                        "every replica ready and available",
                        ObjectState.Ready,
                        "Available",
                        "Available: 2/2",
                        replicaSet(2, "{observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2}")),
                row(
                        "ReplicaFailure False is no failure",
                        ObjectState.Ready,
                        "Available",
                        "Available: 2/2",
                        replicaSet(2, """
                        observedGeneration: 1
                        replicas: 2
                        readyReplicas: 2
                        availableReplicas: 2
                        conditions: [{type: ReplicaFailure, status: "False"}]
                        """)),
                row(
                        "not every replica available",
                        ObjectState.InProgress,
                        "Unavailable",
                        "Available: 2/4",
                        replicaSet(4, "{observedGeneration: 1, replicas: 4, readyReplicas: 4, availableReplicas: 2}")),
                row(
                        "ReplicaFailure is reported with its reason",
                        ObjectState.InProgress,
                        "ReplicaFailure",
                        "FailedCreate: pods \"rs-x\" is forbidden: exceeded quota",
                        replicaSet(2, """
                        observedGeneration: 1
                        replicas: 0
                        conditions:
                        - {type: ReplicaFailure, status: "True", reason: FailedCreate, message: 'pods "rs-x" is forbidden: exceeded quota'}
                        """)),
                row(
                        "ReplicaFailure is checked before the counts, which may look complete",
                        ObjectState.InProgress,
                        "ReplicaFailure",
                        "; FailedDelete: pods \"rs-y\" could not be deleted",
                        replicaSet(4, """
                        observedGeneration: 1
                        replicas: 5
                        readyReplicas: 5
                        availableReplicas: 5
                        conditions:
                        - {type: ReplicaFailure, status: "True", reason: FailedDelete, message: 'pods "rs-y" could not be deleted'}
                        """)),
                row(
                        "extra pods still terminating after a scale-down",
                        ObjectState.InProgress,
                        "ExtraPods",
                        "1 extra pods pending termination",
                        replicaSet(2, "{observedGeneration: 1, replicas: 3, readyReplicas: 3, availableReplicas: 3}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheStateOfAReplicaSet(String name, ObjectState state, String reason, String messagePart, String yaml) {
        RuleRows.assertDecides(state, reason, messagePart, yaml);
    }
}
