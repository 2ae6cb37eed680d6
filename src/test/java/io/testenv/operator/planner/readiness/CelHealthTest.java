package io.testenv.operator.planner.readiness;

import static org.assertj.core.api.Assertions.assertThat;

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
                Arguments.of("readyWhen true", ready, null, deployment(2, "NewReplicaSetAvailable"),
                        HealthState.READY, "ReadyWhen"),
                Arguments.of("readyWhen false", ready, null, deployment(1, "ReplicaSetUpdated"),
                        HealthState.IN_PROGRESS, "ReadyWhenFalse"),
                Arguments.of("failedWhen wins over readyWhen", ready, failed, deployment(2, "ProgressDeadlineExceeded"),
                        HealthState.FAILED, "FailedWhen"),
                Arguments.of("failedWhen false then readyWhen", ready, failed, deployment(2, "NewReplicaSetAvailable"),
                        HealthState.READY, "ReadyWhen"),
                Arguments.of("no readyWhen: the built-in rule decides", null, "self.metadata.name == 'other'",
                        deployment(1, "ReplicaSetUpdated"), HealthState.IN_PROGRESS, "Unavailable"),
                Arguments.of("no readyWhen: built-in ready", null, "self.metadata.name == 'other'",
                        deployment(2, "NewReplicaSetAvailable"), HealthState.READY, "Available"),
                Arguments.of("missing field is not yet", "self.status.loadBalancer.ingress.size() > 0", null,
                        deployment(2, "NewReplicaSetAvailable"), HealthState.IN_PROGRESS, "NotYetEvaluable"),
                Arguments.of("has() guards a missing field", "has(self.status.loadBalancer) && true", null,
                        deployment(2, "NewReplicaSetAvailable"), HealthState.IN_PROGRESS, "ReadyWhenFalse"),
                Arguments.of("non-boolean result", "self.status.availableReplicas", null,
                        deployment(2, "NewReplicaSetAvailable"), HealthState.IN_PROGRESS, "NotBoolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overrides")
    void overrideDecides(String name, String readyWhen, String failedWhen, ObjectView object, HealthState state,
            String reason) {
        ObjectHealth health = cel.override(builtin, readyWhen, failedWhen).evaluate(object);

        assertThat(health.state()).isEqualTo(state);
        assertThat(health.reason()).isEqualTo(reason);
    }

    @Test
    void integerFieldsCompareWithIntLiterals() {
        ObjectView object = deployment(2, "NewReplicaSetAvailable");
        assertThat(object.at("status", "availableReplicas")).containsInstanceOf(Integer.class);

        assertThat(cel.override(builtin, "self.status.availableReplicas == 2", null).evaluate(object).state())
                .isEqualTo(HealthState.READY);
    }

    @Test
    void terminatingObjectIsInProgressWhateverTheExpression() {
        ObjectView object = Yaml.object("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, deletionTimestamp: "2026-11-23T10:00:00Z"}
                """);

        assertThat(cel.override(builtin, "true", null).evaluate(object).reason()).isEqualTo("Terminating");
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
}
