package io.testenv.operator.planner.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ComponentGraphTest {

    /** {@code "a; b: a; c: a, b"}: components in declaration order, each with the names it depends on. */
    static ComponentGraph graph(String notation) {
        List<String> names = new ArrayList<>();
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (String declaration : notation.split(";")) {
            String[] parts = declaration.split(":");
            String name = parts[0].trim();
            names.add(name);
            List<String> dependencies = parts.length < 2
                    ? List.of()
                    : Stream.of(parts[1].split(",")).map(String::trim).toList();
            edges.merge(name, dependencies, (x, y) -> x);
        }
        return ComponentGraph.of(names, edges);
    }

    static Stream<Arguments> invalidGraphs() {
        return Stream.of(
                Arguments.of(
                        "duplicate name",
                        "a; b; a",
                        GraphError.Kind.DUPLICATE_NAME,
                        "component name 'a' is used more than once"),
                Arguments.of(
                        "unknown dependency",
                        "a; b: x",
                        GraphError.Kind.UNKNOWN_DEPENDENCY,
                        "component 'b' depends on unknown component 'x'"),
                Arguments.of(
                        "self dependency", "a: a", GraphError.Kind.SELF_DEPENDENCY, "component 'a' depends on itself"),
                Arguments.of(
                        "three-node cycle",
                        "a: b; b: c; c: a",
                        GraphError.Kind.CYCLE,
                        "dependency cycle: a -> b -> c -> a"),
                Arguments.of(
                        "two-node cycle behind a valid prefix",
                        "x; a: x, b; b: a",
                        GraphError.Kind.CYCLE,
                        "dependency cycle: a -> b -> a"),
                Arguments.of(
                        "cycle reached from a later start",
                        "d; c: b; b: c",
                        GraphError.Kind.CYCLE,
                        "dependency cycle: c -> b -> c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidGraphs")
    void reportsInvalidGraphs(String name, String notation, GraphError.Kind kind, String message) {
        ComponentGraph graph = graph(notation);

        assertThat(graph.isValid()).isFalse();
        assertThat(graph.errors()).contains(new GraphError(kind, message));
        assertThat(graph.topologicalOrder()).isEmpty();
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                Arguments.of("independent components keep declaration order", "c; a; b", List.of("c", "a", "b")),
                Arguments.of("chain declared backwards", "c: b; b: a; a", List.of("a", "b", "c")),
                Arguments.of("diamond", "d: b, c; b: a; c: a; a", List.of("a", "b", "c", "d")),
                Arguments.of(
                        "datastorage",
                        "postgres; redis; migrations: postgres; datastorage: migrations, redis",
                        List.of("postgres", "redis", "migrations", "datastorage")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void ordersComponentsAfterTheirDependencies(String name, String notation, List<String> expected) {
        assertThat(graph(notation).topologicalOrder()).containsExactlyElementsOf(expected);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ComponentGraph graph = graph("a: a; b: x; b");

        assertThat(graph.errors())
                .extracting(GraphError::kind)
                .containsExactlyInAnyOrder(
                        GraphError.Kind.DUPLICATE_NAME,
                        GraphError.Kind.SELF_DEPENDENCY,
                        GraphError.Kind.UNKNOWN_DEPENDENCY);
    }

    @Test
    void knowsDependentsAndAncestors() {
        ComponentGraph graph = graph("a; b: a; c: b; d: a");

        assertThat(graph.dependentsOf("a")).containsExactly("b", "d");
        assertThat(graph.ancestorsOf("c")).containsExactlyInAnyOrder("a", "b");
        assertThat(graph.ancestorsOf("a")).isEmpty();
    }
}
