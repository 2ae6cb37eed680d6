package io.testenv.operator.planner.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.HealthCheck;
import io.testenv.operator.api.ObjectState;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CelHealthTest {

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d, generation: 1}
            spec: {replicas: 2}
            status:
              observedGeneration: 1
              replicas: 2
              updatedReplicas: 2
              readyReplicas: 2
              availableReplicas: %d
              conditions:
              - {type: Available, status: "True", reason: MinimumReplicasAvailable}
              - {type: Progressing, status: "True", reason: %s}
            """;

    static ObjectView deployment(int available, String progressingReason) {
        return Yaml.object(DEPLOYMENT.formatted(available, progressingReason));
    }

    final CelHealth cel = new CelHealth();
    final ReadinessRule builtin = ReadinessRules.standard().ruleFor("apps", "Deployment");

    static Stream<Arguments> overrides() {
        String ready = "self.status.availableReplicas >= 2";
        String failed = "self.status.conditions.exists(c, c.reason == 'ProgressDeadlineExceeded')";
        return Stream.of(
                Arguments.of(
                        "readyWhen true",
                        ready,
                        null,
                        deployment(2, "NewReplicaSetAvailable"),
                        ObjectState.Ready,
                        "ReadyWhen"),
                Arguments.of(
                        "readyWhen false",
                        ready,
                        null,
                        deployment(1, "ReplicaSetUpdated"),
                        ObjectState.InProgress,
                        "ReadyWhenFalse"),
                Arguments.of(
                        "failedWhen wins over readyWhen",
                        ready,
                        failed,
                        deployment(2, "ProgressDeadlineExceeded"),
                        ObjectState.Failed,
                        "FailedWhen"),
                Arguments.of(
                        "failedWhen false then readyWhen",
                        ready,
                        failed,
                        deployment(2, "NewReplicaSetAvailable"),
                        ObjectState.Ready,
                        "ReadyWhen"),
                Arguments.of(
                        "no readyWhen: the built-in rule decides",
                        null,
                        "self.metadata.name == 'other'",
                        deployment(1, "ReplicaSetUpdated"),
                        ObjectState.InProgress,
                        "Unavailable"),
                Arguments.of(
                        "no readyWhen: built-in ready",
                        null,
                        "self.metadata.name == 'other'",
                        deployment(2, "NewReplicaSetAvailable"),
                        ObjectState.Ready,
                        "Available"),
                Arguments.of(
                        "missing field is not yet",
                        "self.status.loadBalancer.ingress.size() > 0",
                        null,
                        deployment(2, "NewReplicaSetAvailable"),
                        ObjectState.InProgress,
                        "NotYetEvaluable"),
                Arguments.of(
                        "has() guards a missing field",
                        "has(self.status.loadBalancer) && true",
                        null,
                        deployment(2, "NewReplicaSetAvailable"),
                        ObjectState.InProgress,
                        "ReadyWhenFalse"),
                Arguments.of(
                        "non-boolean result",
                        "self.status.availableReplicas",
                        null,
                        deployment(2, "NewReplicaSetAvailable"),
                        ObjectState.InProgress,
                        "NotBoolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overrides")
    void overrideDecides(
            String name, String readyWhen, String failedWhen, ObjectView object, ObjectState state, String reason) {
        ObjectHealth health = cel.override(builtin, readyWhen, failedWhen).evaluate(object);

        assertThat(health.state()).isEqualTo(state);
        assertThat(health.reason()).isEqualTo(reason);
    }

    @Test
    void integerFieldsCompareWithIntLiterals() {
        ObjectView object = deployment(2, "NewReplicaSetAvailable");
        assertThat(object.at("status", "availableReplicas")).containsInstanceOf(Integer.class);

        assertThat(cel.override(builtin, "self.status.availableReplicas == 2", null)
                        .evaluate(object)
                        .state())
                .isEqualTo(ObjectState.Ready);
    }

    @Test
    void terminatingObjectIsInProgressWhateverTheExpression() {
        ObjectView object = Yaml.object("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, deletionTimestamp: "2026-11-23T10:00:00Z"}
                """);

        assertThat(cel.override(builtin, "true", null).evaluate(object).reason())
                .isEqualTo("Terminating");
    }

    @Test
    void reportsCompileErrors() {
        assertThat(cel.compileError("self.status.(")).get().asString().isNotBlank();
        assertThat(cel.compileError("other.status.ready")).get().asString().contains("other");
        assertThat(cel.compileError("self.status.ready == true")).isEmpty();
    }

    @Test
    void compilesEachExpressionOnce() {
        ObjectView object = deployment(2, "NewReplicaSetAvailable");
        cel.override(builtin, "self.status.readyReplicas >= 1", null).evaluate(object);
        cel.override(builtin, "self.status.readyReplicas >= 1", null).evaluate(object);
        cel.compileError("self.status.readyReplicas >= 1");

        assertThat(cel.compiledCount()).isEqualTo(1);
    }

    static final ObjectView SECRET_LIKE = Yaml.object("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: creds}
            data: {password: hunter2, count: "12"}
            """);

    static Stream<Arguments> readValuesNeverEchoed() {
        return Stream.of(
                Arguments.of("a string result", "self.data.password", "NotBoolean", "of type string"),
                Arguments.of("a map result", "self.data", "NotBoolean", "of type map"),
                Arguments.of(
                        "a failed conversion",
                        "int(self.data.password) > 0",
                        "NotYetEvaluable",
                        "int(self.data.password) > 0: "),
                Arguments.of(
                        "a missing key named by a value",
                        "self.data[self.data.password] == 'x'",
                        "NotYetEvaluable",
                        "waiting for self.data[self.data.password] ("),
                Arguments.of("a type mismatch", "self.data.password > 3", "NotYetEvaluable", "self.data.password > 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readValuesNeverEchoed")
    void aValueReadFromTheObjectNeverReachesTheMessage(String name, String readyWhen, String reason, String message) {
        ObjectHealth health = cel.override(builtin, readyWhen, null).evaluate(SECRET_LIKE);

        assertThat(health.reason()).isEqualTo(reason);
        assertThat(health.message()).contains(message).doesNotContain("hunter2");
    }

    static final String TEN = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";

    @Test
    void nestedComprehensionsStopAtTheIterationBudgetAndFail() {
        String expression = TEN + ".all(a, " + TEN + ".all(b, " + TEN + ".all(c, " + TEN + ".all(d, " + TEN
                + ".all(e, a + b + c + d + e > 0)))))";

        ObjectHealth health = cel.override(builtin, expression, null).evaluate(SECRET_LIKE);

        assertThat(health.state()).isEqualTo(ObjectState.Failed);
        assertThat(health.reason()).isEqualTo(CelHealth.BUDGET_EXCEEDED);
        assertThat(health.message()).contains("evaluation stopped after");
    }

    @Test
    void evaluationStopsAtTheStepBudgetEvenInsideShortCircuits() {
        CelHealth bounded = new CelHealth(200, CelHealth.MAX_NANOS);
        String expression = "false || " + TEN + ".all(a, " + TEN + ".all(b, a * b > 0))";

        ObjectHealth health = bounded.override(builtin, expression, null).evaluate(SECRET_LIKE);

        assertThat(health.reason()).isEqualTo(CelHealth.BUDGET_EXCEEDED);
        assertThat(health.message()).contains("200 steps");
    }

    @Test
    void evaluationStopsAtTheTimeLimit() {
        CelHealth bounded = new CelHealth(Long.MAX_VALUE, 0);
        String expression = TEN + ".all(a, " + TEN + ".all(b, " + TEN + ".all(c, a * b * c > 0)))";

        ObjectHealth health = bounded.override(builtin, expression, null).evaluate(SECRET_LIKE);

        assertThat(health.reason()).isEqualTo(CelHealth.BUDGET_EXCEEDED);
        assertThat(health.message()).contains("its time limit");
    }

    @Test
    void withinTheBudgetAnExpressionStillDecides() {
        String expression = TEN + ".all(a, " + TEN + ".all(b, a * b > 0))";

        assertThat(cel.override(builtin, expression, null).evaluate(SECRET_LIKE).state())
                .isEqualTo(ObjectState.Ready);
    }

    @Test
    void anExpressionLongerThanTheLimitDoesNotCompile() {
        String expression = "true" + " && true".repeat(CelHealth.MAX_EXPRESSION_LENGTH / 8);

        assertThat(cel.compileError(expression)).isPresent();
    }

    @Test
    void theCrdAdmitsExpressionsExactlyAsLongAsCompile() {
        assertThat(HealthCheck.MAX_EXPRESSION_LENGTH).isEqualTo(CelHealth.MAX_EXPRESSION_LENGTH);
    }

    static Stream<Arguments> missingFields() {
        return Stream.of(
                Arguments.of("self.status.loadBalancer.ingress.size() > 0", "waiting for self.status.loadBalancer"),
                Arguments.of(
                        "has(self.spec) && self.status.loadBalancer.ingress.size() > 0",
                        "waiting for self.status.loadBalancer"),
                Arguments.of(
                        "self.status['loadBalancer'].ingress.size() > 0", "waiting for self.status['loadBalancer']"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingFields")
    void aFieldThatDoesNotExistYetIsWaitedForByName(String readyWhen, String message) {
        ObjectHealth health = cel.override(builtin, readyWhen, null).evaluate(deployment(2, "NewReplicaSetAvailable"));

        assertThat(health.reason()).isEqualTo("NotYetEvaluable");
        assertThat(health.message()).startsWith(message + " (");
    }

    @Test
    void aMissingKeyTakenFromAValueIsNotNamed() {
        ObjectHealth health = cel.override(builtin, "self.data[self.data.password] == 'x'", null)
                .evaluate(SECRET_LIKE);

        assertThat(health.message()).doesNotContain("hunter2");
    }
}
