package io.testenv.operator.planner;

import static io.testenv.operator.planner.PlanAssert.assertThatPlan;
import static io.testenv.operator.planner.Specs.env;

import io.testenv.operator.api.Strategy;
import io.testenv.operator.planner.state.Reasons;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diamond {@code a; b: a; c: a; d: b, c} under each strategy: which components each reconcile applies as
 * the components applied before become ready one after the other.
 */
class StrategyTest {

    static final String DIAMOND = "a; b: a; c: a; d: b, c";

    static Stream<Arguments> strategies() {
        return Stream.of(
                Arguments.of(Strategy.Parallel, List.of(List.of("a"), List.of("b", "c"), List.of(), List.of("d"))),
                Arguments.of(Strategy.Sequential, List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"))),
                Arguments.of(
                        Strategy.AllAtOnce, List.of(List.of("a", "b", "c", "d"), List.of(), List.of(), List.of())));
    }

    /**
     * Step i makes the i-th component of the topological order ready (none at step 0), reconciles, and checks
     * what that reconcile applied.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void appliesComponentsInTheStrategysOrder(Strategy strategy, List<List<String>> appliedPerStep) {
        Cluster cluster = new Cluster(env(DIAMOND, strategy));
        List<String> readyOrder = List.of("a", "b", "c");
        for (int step = 0; step < appliedPerStep.size(); step++) {
            if (step > 0) {
                cluster.ready(readyOrder.get(step - 1));
            }
            Plan plan = cluster.reconcile();
            assertThatPlan(plan)
                    .as("step %d", step)
                    .applies(appliedPerStep.get(step).toArray(String[]::new));
        }
        assertThatPlan(cluster.ready("d").reconcile()).isReady();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void everyStrategyEndsReadyWithEveryGateTrue(Strategy strategy, List<List<String>> ignored) {
        Cluster cluster = new Cluster(env(DIAMOND, strategy));
        cluster.reconcile();
        for (String name : List.of("a", "b", "c", "d")) {
            cluster.ready(name).reconcile();
        }

        PlanAssert plan = assertThatPlan(cluster.last()).isReady();
        for (String name : List.of("a", "b", "c", "d")) {
            plan.hasCondition("component.testenv.io/" + name, "True", Reasons.READY);
        }
    }
}
