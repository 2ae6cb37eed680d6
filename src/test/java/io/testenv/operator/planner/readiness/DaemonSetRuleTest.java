package io.testenv.operator.planner.readiness;

import static io.testenv.operator.planner.readiness.RuleRows.row;

import io.testenv.operator.api.ObjectState;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DaemonSet: an observed generation, then a pod scheduled, updated, ready and available on every node that should
 * run one. Its controller reports no failure (kstatus has none either).
 */
class DaemonSetRuleTest {

    static String daemonSet(String status) {
        return """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: ds, generation: 1}
                status: %s
                """.formatted(status);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row(
                        "a pod scheduled, updated, ready and available on every node",
                        ObjectState.Ready,
                        "Available",
                        "Available: 3/3",
                        daemonSet("{observedGeneration: 1, desiredNumberScheduled: 3, "
                                + "currentNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 3, "
                                + "numberAvailable: 3}")),
                row(
                        "the controller's first write, 0 of 0 pods and no observed generation, is not ready "
                                + "(daemonset-rollout)",
                        ObjectState.InProgress,
                        "NotObserved",
                        "no observed generation",
                        daemonSet("{desiredNumberScheduled: 0, "
                                + "currentNumberScheduled: 0, numberReady: 0, numberMisscheduled: 0}")),
                row(
                        "desired number not reported yet",
                        ObjectState.InProgress,
                        "NotScheduled",
                        "desired number",
                        daemonSet("{observedGeneration: 1}")),
                row(
                        "not scheduled on every node yet",
                        ObjectState.InProgress,
                        "Scheduling",
                        "Scheduled: 2/3",
                        daemonSet("{observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 2, "
                                + "updatedNumberScheduled: 2, numberReady: 2, numberAvailable: 2}")),
                row(
                        "not updated on every node yet",
                        ObjectState.InProgress,
                        "Updating",
                        "Updated: 1/3",
                        daemonSet("{observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, "
                                + "updatedNumberScheduled: 1, numberReady: 3, numberAvailable: 3}")),
                row(
                        "not ready on every node yet",
                        ObjectState.InProgress,
                        "NotReady",
                        "Ready: 1/3",
                        daemonSet("{observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, "
                                + "updatedNumberScheduled: 3, numberReady: 1, numberAvailable: 1}")),
                row(
                        "ready but not yet available (minReadySeconds)",
                        ObjectState.InProgress,
                        "Unavailable",
                        "Available: 2/3",
                        daemonSet("{observedGeneration: 1, desiredNumberScheduled: 3, "
                                + "currentNumberScheduled: 3, updatedNumberScheduled: 3, numberReady: 3, "
                                + "numberAvailable: 2}")),
                row(
                        "no node to run on is ready at 0/0",
                        ObjectState.Ready,
                        "Available",
                        "Available: 0/0",
                        daemonSet("{observedGeneration: 1, desiredNumberScheduled: 0, currentNumberScheduled: 0, "
                                + "numberReady: 0}")),
                row(
                        "a new generation not observed yet",
                        ObjectState.InProgress,
                        "ObservedGenerationStale",
                        "generation 2 not observed yet",
                        """
                        apiVersion: apps/v1
                        kind: DaemonSet
                        metadata: {name: ds, generation: 2}
                        status: {observedGeneration: 1, desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberReady: 1, numberAvailable: 1}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesTheStateOfADaemonSet(String name, ObjectState state, String reason, String messagePart, String yaml) {
        RuleRows.assertDecides(state, reason, messagePart, yaml);
    }
}
