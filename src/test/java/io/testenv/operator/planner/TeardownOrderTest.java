package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.planner.graph.TeardownOrder;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TeardownOrderTest {

    static Stream<Arguments> cases() {
        String graph = "postgres; migrations: postgres; app: migrations, redis; redis; edge: app";
        return Stream.of(
                Arguments.of(
                        "only what nothing depends on",
                        graph,
                        Set.of("postgres", "migrations", "app", "redis", "edge"),
                        Set.of("edge")),
                Arguments.of(
                        "then its dependencies",
                        graph,
                        Set.of("postgres", "migrations", "app", "redis"),
                        Set.of("app")),
                Arguments.of(
                        "siblings together",
                        graph,
                        Set.of("postgres", "migrations", "redis"),
                        Set.of("migrations", "redis")),
                Arguments.of(
                        "a dependency waits for a dependent two steps away",
                        graph,
                        Set.of("postgres", "app"),
                        Set.of("app")),
                Arguments.of("the root last", graph, Set.of("postgres"), Set.of("postgres")),
                Arguments.of(
                        "a component no longer in the spec at once",
                        graph,
                        Set.of("postgres", "old", "edge"),
                        Set.of("old", "edge")),
                Arguments.of("nothing left", graph, Set.of(), Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deletableNow(String name, String notation, Set<String> remaining, Set<String> expected) {
        assertThat(TeardownOrder.deletableNow(Specs.env(notation), remaining)).isEqualTo(expected);
    }
}
