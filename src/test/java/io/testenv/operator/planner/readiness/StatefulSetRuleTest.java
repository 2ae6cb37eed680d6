package io.testenv.operator.planner.readiness;

import static io.testenv.operator.planner.readiness.RuleRows.row;

import io.testenv.operator.api.ObjectState;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * StatefulSet: ready replicas, no extra pods, then by update strategy. Its controller reports no failure (kstatus
 * has none either): a StatefulSet whose pods never get ready stays in progress until the environment times out.
 */
class StatefulSetRuleTest {

    /** A StatefulSet of 3 replicas with this update strategy and status. */
    static String statefulSet(String updateStrategy, String status) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: s, generation: 2}
                spec: {replicas: 3, updateStrategy: %s}
                status: %s
                """.formatted(updateStrategy, status);
    }

    /**
     * The status of generation 2 with these counts of replicas, ready, updated and current replicas (a negative
     * count is left out, as the controller omits a zero) and these revisions (null: left out).
     */
    static String status(
            int replicas, int ready, int updated, int current, String currentRevision, String updateRevision) {
        StringBuilder status = new StringBuilder("{observedGeneration: 2");
        String[] names = {"replicas", "readyReplicas", "updatedReplicas", "currentReplicas"};
        int[] counts = {replicas, ready, updated, current};
        for (int i = 0; i < names.length; i++) {
            if (counts[i] >= 0) {
                status.append(", ").append(names[i]).append(": ").append(counts[i]);
            }
        }
        if (currentRevision != null) {
            status.append(", currentRevision: ").append(currentRevision);
        }
        if (updateRevision != null) {
            status.append(", updateRevision: ").append(updateRevision);
        }
        return status.append("}").toString();
    }

    static final String ROLLING = "{type: RollingUpdate, rollingUpdate: {partition: 0}}";
    static final String PARTITION_2 = "{type: RollingUpdate, rollingUpdate: {partition: 2}}";
    static final String ON_DELETE = "{type: OnDelete}";
    static final int ABSENT = -1;

    static Stream<Arguments> cases() {
        return Stream.of(
                row(
                        "every replica ready, updated and current at one revision",
                        ObjectState.Ready,
                        "Ready",
                        "Ready: 3/3",
                        statefulSet(ROLLING, status(3, 3, 3, 3, "s-1", "s-1"))),
                row(
                        "not every replica ready",
                        ObjectState.InProgress,
                        "NotReady",
                        "Ready: 1/3",
                        statefulSet(ROLLING, status(2, 1, ABSENT, ABSENT, null, null))),
                row(
                        "extra pods still terminating after a scale-down",
                        ObjectState.InProgress,
                        "ExtraPods",
                        "2 extra pods pending termination",
                        statefulSet(ROLLING, status(5, 5, 5, 5, "s-1", "s-1"))),
                row(
                        "rolling out a new revision",
                        ObjectState.InProgress,
                        "Updating",
                        "Updated: 1/3",
                        statefulSet(ROLLING, status(3, 3, 1, 2, "s-1", "s-2"))),
                row(
                        "an absent updatedReplicas counts as none",
                        ObjectState.InProgress,
                        "Updating",
                        "Updated: 0/3",
                        statefulSet(ROLLING, status(3, 3, ABSENT, 3, "s-1", "s-2"))),
                row(
                        "updated but the revisions not met yet",
                        ObjectState.InProgress,
                        "Updating",
                        "rolling out revision s-2",
                        statefulSet(ROLLING, status(3, 3, 3, 0, "s-1", "s-2"))),
                row(
                        "fewer current replicas than desired",
                        ObjectState.InProgress,
                        "Updating",
                        "Current: 2/3",
                        statefulSet(ROLLING, status(3, 3, 3, 2, null, null))),
                row(
                        "partition 0 is a whole rolling update and waits for the revisions (kstatus: current once "
                                + "updated)",
                        ObjectState.InProgress,
                        "Updating",
                        "rolling out revision s-2",
                        statefulSet(ROLLING, status(3, 3, 3, 3, "s-1", "s-2"))),
                row(
                        "partitioned update with the pods from the partition up updated is ready",
                        ObjectState.Ready,
                        "PartitionRolledOut",
                        "Updated: 1/1 from partition 2",
                        statefulSet(PARTITION_2, status(3, 3, 1, 2, "s-1", "s-2"))),
                row(
                        "partitioned update before its pod is updated",
                        ObjectState.InProgress,
                        "Updating",
                        "Updated: 0/1 from partition 2",
                        statefulSet(PARTITION_2, status(3, 3, ABSENT, 3, "s-1", "s-2"))),
                row(
                        "partitioned update waits for every replica to be ready",
                        ObjectState.InProgress,
                        "NotReady",
                        "Ready: 2/3",
                        statefulSet(PARTITION_2, status(3, 2, 1, 2, "s-1", "s-2"))),
                row(
                        "OnDelete is ready with its replicas ready, never waiting for the update revision",
                        ObjectState.Ready,
                        "Ready",
                        "OnDelete",
                        statefulSet(ON_DELETE, status(3, 3, ABSENT, 3, "s-1", "s-2"))),
                row(
                        "OnDelete waits for its replicas to be ready (kstatus: current at once)",
                        ObjectState.InProgress,
                        "NotReady",
                        "Ready: 0/3",
                        statefulSet(ON_DELETE, status(3, ABSENT, ABSENT, 3, null, null))),
                row(
                        "no failure of its own: pods never ready stay in progress",
                        ObjectState.InProgress,
                        "NotReady",
                        "Ready: 0/3",
                        statefulSet(ROLLING, status(3, ABSENT, 3, 3, "s-1", "s-1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheStateOfAStatefulSet(String name, ObjectState state, String reason, String messagePart, String yaml) {
        RuleRows.assertDecides(state, reason, messagePart, yaml);
    }
}
