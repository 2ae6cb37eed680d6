package io.testenv.operator.planner.readiness;

import static io.testenv.operator.planner.readiness.RuleRows.row;

import io.testenv.operator.api.ObjectState;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks every kind shares, the standard conditions, and the kinds without a table of their own. The workload
 * kinds have theirs: {@link DeploymentRuleTest}, {@link StatefulSetRuleTest}, {@link DaemonSetRuleTest},
 * {@link ReplicaSetRuleTest}, {@link JobRuleTest}, {@link PodRuleTest}.
 */
class ReadinessRulesTest {

    static Stream<Arguments> generic() {
        return Stream.of(
                row("terminating object is in progress", ObjectState.InProgress, "Terminating", "terminating", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: c, deletionTimestamp: "2026-11-23T10:00:00Z"}
                        """),
                row(
                        "stale observedGeneration is in progress",
                        ObjectState.InProgress,
                        "ObservedGenerationStale",
                        "generation 3 not observed yet (observed 2)",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: d, generation: 3}
                        spec: {replicas: 1}
                        status: {observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1}
                        """),
                row("workload without status is never ready", ObjectState.InProgress, "NoStatus", "no status", """
                        apiVersion: apps/v1
                        kind: StatefulSet
                        metadata: {name: s, generation: 1}
                        spec: {replicas: 0}
                        """));
    }

    static String widget(String conditions) {
        return """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, generation: 1}
                status:
                  observedGeneration: 1
                  conditions: %s
                """.formatted(conditions);
    }

    static Stream<Arguments> standardConditions() {
        return Stream.of(
                row(
                        "Stalled fails a custom resource at once, with the controller's reason",
                        ObjectState.Failed,
                        "Stalled",
                        "stalled: InstallFailed: chart not found",
                        widget("[{type: Stalled, status: \"True\", reason: InstallFailed, message: chart not found}, "
                                + "{type: Ready, status: \"False\", reason: InstallFailed}]")),
                row(
                        "Reconciling keeps a custom resource without a Ready condition in progress",
                        ObjectState.InProgress,
                        "Reconciling",
                        "reconciling: Progressing: fetching source",
                        widget("[{type: Reconciling, status: \"True\", reason: Progressing, "
                                + "message: fetching source}]")),
                row(
                        "Reconciling wins over a Ready condition still True from before",
                        ObjectState.InProgress,
                        "Reconciling",
                        "reconciling: NewGeneration",
                        widget("[{type: Ready, status: \"True\"}, {type: Reconciling, status: \"True\", "
                                + "reason: NewGeneration}]")),
                row(
                        "Stalled wins over Reconciling whatever their order",
                        ObjectState.Failed,
                        "Stalled",
                        "stalled: RetryLimitExceeded",
                        widget("[{type: Reconciling, status: \"True\", "
                                + "reason: Progressing}, "
                                + "{type: Stalled, status: \"True\", reason: RetryLimitExceeded}]")),
                row(
                        "Stalled and Reconciling False say nothing: Ready decides",
                        ObjectState.Ready,
                        "Ready",
                        "ready",
                        widget("[{type: Stalled, status: \"False\"}, {type: Reconciling, status: \"False\"}, "
                                + "{type: Ready, status: \"True\"}]")),
                row("Stalled fails a built-in kind too", ObjectState.Failed, "Stalled", "stalled: Quota", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: d, generation: 1}
                        spec: {replicas: 1}
                        status:
                          observedGeneration: 1
                          conditions: [{type: Stalled, status: "True", reason: Quota}]
                        """),
                row(
                        "custom resource Ready true",
                        ObjectState.Ready,
                        "Ready",
                        "ready",
                        widget("[{type: Ready, status: \"True\"}]")),
                row(
                        "custom resource Ready false",
                        ObjectState.InProgress,
                        "Reconciling",
                        "waiting for database",
                        widget("[{type: Ready, status: \"False\", reason: Reconciling, "
                                + "message: waiting for database}]")),
                row(
                        "custom resource Ready unknown",
                        ObjectState.InProgress,
                        "NotReady",
                        "Ready condition is Unknown",
                        widget("[{type: Ready, status: Unknown}]")),
                row(
                        "custom resource without a known condition exists",
                        ObjectState.Ready,
                        "Exists",
                        "exists",
                        widget("[{type: SomeCondition, status: \"False\"}]")));
    }

    static Stream<Arguments> otherKinds() {
        return Stream.of(
                row("pvc bound", ObjectState.Ready, "Bound", "bound", """
                        apiVersion: v1
                        kind: PersistentVolumeClaim
                        metadata: {name: data}
                        status: {phase: Bound}
                        """),
                row("pvc pending", ObjectState.InProgress, "Pending", "phase Pending", """
                        apiVersion: v1
                        kind: PersistentVolumeClaim
                        metadata: {name: data}
                        status: {phase: Pending}
                        """),
                row(
                        "pvc lost fails (kstatus: in progress): its volume is gone",
                        ObjectState.Failed,
                        "Lost",
                        "lost",
                        """
                        apiVersion: v1
                        kind: PersistentVolumeClaim
                        metadata: {name: data}
                        status: {phase: Lost}
                        """),
                row("crd established", ObjectState.Ready, "Established", "established", """
                        apiVersion: apiextensions.k8s.io/v1
                        kind: CustomResourceDefinition
                        metadata: {name: widgets.example.com}
                        status: {conditions: [{type: NamesAccepted, status: "True"}, {type: Established, status: "True"}]}
                        """),
                row("crd not established yet", ObjectState.InProgress, "NotEstablished", "not established", """
                        apiVersion: apiextensions.k8s.io/v1
                        kind: CustomResourceDefinition
                        metadata: {name: widgets.example.com}
                        """),
                row(
                        "crd names conflict fails",
                        ObjectState.Failed,
                        "NamesNotAccepted",
                        "\"widgets\" is already in use",
                        """
                        apiVersion: apiextensions.k8s.io/v1
                        kind: CustomResourceDefinition
                        metadata: {name: widgets.example.com}
                        status: {conditions: [{type: NamesAccepted, status: "False", reason: PluralConflict, message: '"widgets" is already in use'}]}
                        """),
                row("load balancer with ingress", ObjectState.Ready, "LoadBalancerReady", "assigned", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: lb}
                        spec: {type: LoadBalancer, clusterIP: 10.96.0.10}
                        status: {loadBalancer: {ingress: [{ip: 10.0.0.1}]}}
                        """),
                row(
                        "load balancer with a cluster IP waits for an ingress (kstatus: ready with a cluster IP)",
                        ObjectState.InProgress,
                        "WaitingForLoadBalancer",
                        "a health override of kind Service opts out",
                        """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: lb}
                        spec: {type: LoadBalancer, clusterIP: 10.96.0.10}
                        status: {loadBalancer: {}}
                        """),
                row("cluster ip service exists", ObjectState.Ready, "Exists", "exists", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: svc}
                        spec: {type: ClusterIP}
                        """),
                row("configmap exists", ObjectState.Ready, "Exists", "exists", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: c}
                        data: {a: b}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"generic", "standardConditions", "otherKinds"})
    void decidesTheStateOfAnObject(String name, ObjectState state, String reason, String messagePart, String yaml) {
        RuleRows.assertDecides(state, reason, messagePart, yaml);
    }
}
