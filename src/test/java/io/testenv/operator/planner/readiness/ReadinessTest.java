package io.testenv.operator.planner.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.ObjectState;
import io.testenv.operator.planner.readiness.Readiness.CelOverride;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one evaluation behind {@link Readiness#compute} and the planner: rule and override by the given kind. */
class ReadinessTest {

    static final ObjectView DEPLOYMENT_WITHOUT_STATUS = Yaml.object("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {replicas: 1}
            """);

    final Readiness readiness = new Readiness(ReadinessRules.standard(), new CelHealth());

    @Test
    void theGivenGroupAndKindChooseTheRuleAndTheOverride() {
        assertThat(readiness
                        .evaluate("apps", "Deployment", DEPLOYMENT_WITHOUT_STATUS, List.of())
                        .reason())
                .isEqualTo(ReadinessRules.NO_STATUS);
        assertThat(readiness
                        .evaluate("", "ConfigMap", DEPLOYMENT_WITHOUT_STATUS, List.of())
                        .state())
                .isEqualTo(ObjectState.Ready);
        assertThat(readiness
                        .evaluate(
                                "",
                                "ConfigMap",
                                DEPLOYMENT_WITHOUT_STATUS,
                                List.of(
                                        CelOverride.readyWhen("Deployment", "true"),
                                        CelOverride.readyWhen("ConfigMap", "false")))
                        .reason())
                .isEqualTo(CelHealth.READY_WHEN_FALSE);
    }

    @Test
    void anOverrideThatDoesNotCompileKeepsTheObjectInProgressWithoutThrowing() {
        ObjectHealth health = readiness.evaluate(
                "apps",
                "Deployment",
                DEPLOYMENT_WITHOUT_STATUS,
                List.of(CelOverride.readyWhen("Deployment", "self.spec.(")));

        assertThat(health.state()).isEqualTo(ObjectState.InProgress);
        assertThat(health.reason()).isEqualTo(CelHealth.NOT_YET_EVALUABLE);
    }
}
