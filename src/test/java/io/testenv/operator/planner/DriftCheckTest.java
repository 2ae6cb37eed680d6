package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.planner.state.DriftCheck;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DriftCheckTest {

    static Map<String, Object> deployment(int replicas, String image, Map<String, Object> extra) {
        Map<String, Object> container = new java.util.LinkedHashMap<>(Map.of("name", "web", "image", image));
        container.putAll(extra);
        return Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "web", "labels", Map.of("app", "web")),
                "spec",
                Map.of("replicas", replicas, "template", Map.of("spec", Map.of("containers", List.of(container)))));
    }

    static Stream<Arguments> cases() {
        Map<String, Object> declared = deployment(2, "web:1", Map.of());
        return Stream.of(
                Arguments.of("unchanged", declared, deployment(2, "web:1", Map.of()), Set.of(), List.of()),
                Arguments.of(
                        "fields others add do not count",
                        declared,
                        deployment(2, "web:1", Map.of("imagePullPolicy", "IfNotPresent")),
                        Set.of(),
                        List.of()),
                Arguments.of("scaled", declared, deployment(0, "web:1", Map.of()), Set.of(), List.of("spec.replicas")),
                Arguments.of(
                        "image changed",
                        declared,
                        deployment(2, "web:evil", Map.of()),
                        Set.of(),
                        List.of("spec.template.spec.containers[0].image")),
                Arguments.of(
                        "int and long are the same number",
                        declared,
                        Map.of(
                                "apiVersion",
                                "apps/v1",
                                "kind",
                                "Deployment",
                                "metadata",
                                Map.of("labels", Map.of("app", "web")),
                                "spec",
                                Map.of(
                                        "replicas",
                                        2L,
                                        "template",
                                        Map.of(
                                                "spec",
                                                Map.of(
                                                        "containers",
                                                        List.of(Map.of("name", "web", "image", "web:1")))))),
                        Set.of(),
                        List.of()),
                Arguments.of(
                        "a declared label removed",
                        declared,
                        Map.of("metadata", Map.of(), "spec", ((Map<?, ?>) declared.get("spec"))),
                        Set.of(),
                        List.of("metadata.labels")),
                Arguments.of(
                        "a path the API server normalizes is ignored",
                        declared,
                        deployment(0, "web:1", Map.of()),
                        Set.of("spec.replicas"),
                        List.of()),
                Arguments.of(
                        "ConfigMap data edited",
                        Map.of("apiVersion", "v1", "kind", "ConfigMap", "data", Map.of("mode", "test")),
                        Map.of("data", Map.of("mode", "production")),
                        Set.of(),
                        List.of("data.mode")),
                Arguments.of(
                        "a Secret's values are never compared",
                        Map.of("apiVersion", "v1", "kind", "Secret", "stringData", Map.of("password", "a")),
                        Map.of(),
                        Set.of(),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void changedPaths(
            String name,
            Map<String, Object> declared,
            Map<String, Object> live,
            Set<String> ignored,
            List<String> expected) {
        assertThat(DriftCheck.changedPaths(declared, live, ignored)).isEqualTo(expected);
    }
}
