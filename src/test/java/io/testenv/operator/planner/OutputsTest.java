package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.model.OutputExpression;
import io.testenv.operator.planner.state.Reasons;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** spec.outputs: CEL over the live objects, resolved as part of becoming Ready, recorded as strings. */
class OutputsTest {

    static final Manifest SERVICE =
            Specs.manifest("v1", "Service", "postgres", Map.of("spec", Map.of("ports", List.of(Map.of("port", 5432)))));
    static final Manifest CONFIG = Specs.manifest("v1", "ConfigMap", "settings", Map.of("data", Map.of("db", "ds")));
    static final Manifest SECRET =
            Specs.manifest("v1", "Secret", "credentials", Map.of("stringData", Map.of("password", "s3cr3t")));

    static EnvironmentModel env(OutputExpression... outputs) {
        EnvironmentModel env = Specs.withComponents(
                Specs.env("db"),
                List.of(new ComponentModel("db", List.of(SERVICE, CONFIG, SECRET), List.of(), List.of())));
        return Specs.withOutputs(env, outputs);
    }

    /** The cluster after one reconcile, every object observed as the API server returns it, all ready. */
    static Plan ready(EnvironmentModel env) {
        return ready(env, Map.of("db", "ds"));
    }

    static Plan ready(EnvironmentModel env, Map<String, Object> configData) {
        Cluster cluster = new Cluster(env);
        Map<String, Object> service = new HashMap<>(LiveObjects.ready(SERVICE.ref()));
        service.put("spec", Map.of("clusterIP", "10.96.0.12", "ports", List.of(Map.of("port", 5432))));
        Map<String, Object> config = new HashMap<>(LiveObjects.ready(CONFIG.ref()));
        config.put("data", configData);
        cluster.object(SERVICE.ref(), service).object(CONFIG.ref(), config).ready("db");
        cluster.object(SERVICE.ref(), service).object(CONFIG.ref(), config);
        return cluster.reconcile();
    }

    static Stream<Arguments> resolved() {
        return Stream.of(
                Arguments.of("a field of a Service", "objects['Service/postgres'].spec.clusterIP", "10.96.0.12"),
                Arguments.of(
                        "built from several objects",
                        "'postgres://' + objects['Service/postgres'].spec.clusterIP + ':' "
                                + "+ string(objects['Service/postgres'].spec.ports[0].port) + '/' "
                                + "+ objects['ConfigMap/settings'].data.db",
                        "postgres://10.96.0.12:5432/ds"),
                Arguments.of("a number, converted", "objects['Service/postgres'].spec.ports[0].port", "5432"),
                Arguments.of("a boolean, converted", "has(objects['ConfigMap/settings'].data)", "true"),
                Arguments.of("a constant", "'admin'", "admin"),
                Arguments.of("the environment's namespace and name", "name + '.' + __namespace__", "env.ci"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolved")
    void resolvesOnceEveryComponentIsReady(String name, String expression, String value) {
        Plan plan = ready(env(new OutputExpression("OUT", expression)));

        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Ready);
        assertThat(plan.outputs()).containsExactly(Map.entry("OUT", value));
    }

    @Test
    void anUnresolvableOutputKeepsTheEnvironmentNotReadyAndSaysWhich() {
        Plan plan = ready(env(
                new OutputExpression("HOST", "objects['Service/postgres'].spec.clusterIP"),
                new OutputExpression("PORT", "objects['Service/postgres'].status.loadBalancer.ingress[0].ip")));

        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Progressing);
        assertThat(plan.readyAt()).isNull();
        assertThat(plan.outputs()).isEmpty();
        assertThatPlan(plan).hasCondition("Ready", "False", Reasons.WAITING_FOR_OUTPUTS);
        assertThat(plan.condition("Ready").orElseThrow().message()).startsWith("1/1 ready; waiting for output PORT: ");
        assertThat(plan.wakeAt()).isPresent();
    }

    @Test
    void aSecretIsNotVisibleToAnOutput() {
        Plan plan = ready(env(new OutputExpression("PASSWORD", "objects['Secret/credentials'].stringData.password")));

        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Progressing);
        assertThat(plan.condition("Ready").orElseThrow().message())
                .contains("output PASSWORD")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aSecretBackedOutputGoesToTheBindingSecretOnly() {
        OutputExpression password = new OutputExpression("PASSWORD", null, SECRET.ref(), "password");
        EnvironmentModel env =
                env(new OutputExpression("HOST", "objects['Service/postgres'].spec.clusterIP"), password);

        Plan plan = ready(env);
        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Ready);
        assertThat(plan.outputs()).containsOnlyKeys("HOST");
        BindingSecret binding = plan.actions().binding().orElseThrow();
        assertThat(binding.name()).isEqualTo("env-binding");
        assertThat(binding.values()).containsOnlyKeys("HOST");
        assertThat(binding.fromSecrets())
                .containsExactly(Map.entry("PASSWORD", new BindingSecret.SecretKey(SECRET.ref(), "password")));

        assertThat(ready(env()).actions().binding())
                .as("no outputs, no binding Secret")
                .isEmpty();
    }

    @Test
    void aMapIsNotAString() {
        Plan plan = ready(env(new OutputExpression("DATA", "objects['ConfigMap/settings'].data")));

        assertThat(plan.condition("Ready").orElseThrow().message()).contains("output DATA: gave a value of type map");
    }

    @Test
    void aValueIsBoundedInLength() {
        Plan plan = ready(
                env(new OutputExpression("BIG", "objects['ConfigMap/settings'].data.big")),
                Map.of("db", "ds", "big", "x".repeat(5000)));

        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Progressing);
        assertThat(plan.condition("Ready").orElseThrow().message())
                .endsWith("output BIG: gave 5000 characters, more than 4096");
    }

    @Test
    void anOutputThatDoesNotCompileIsAnInvalidSpec() {
        Plan plan = new Cluster(env(new OutputExpression("BROKEN", "objects['Service/postgres'].spec.("))).reconcile();

        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Failed);
        assertThatPlan(plan).hasCondition("Failed", "True", Reasons.INVALID_SPEC);
        assertThat(plan.condition("Failed").orElseThrow().message()).contains("output BROKEN: does not compile");
        assertThat(plan.toApply()).isEmpty();
    }

    @Test
    void withoutOutputsNothingChanges() {
        Plan plan = ready(env());

        assertThat(plan.phase()).isEqualTo(EnvironmentPhase.Ready);
        assertThat(plan.outputs()).isEmpty();
    }
}
