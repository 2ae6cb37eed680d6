package io.testenv.operator.planner;

import static io.testenv.operator.planner.model.Scope.CLUSTER;
import static io.testenv.operator.planner.model.Scope.NAMESPACED;
import static io.testenv.operator.planner.model.Scope.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.planner.model.Scope;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FinalizationTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "namespaced kinds only: garbage collection reaches all",
                        false,
                        List.of(NAMESPACED, NAMESPACED),
                        false),
                Arguments.of("no kinds at all (an unreadable spec, nothing recorded)", false, List.of(), false),
                Arguments.of("a cluster-scoped kind (a CRD)", false, List.of(NAMESPACED, CLUSTER), true),
                Arguments.of("a kind not served yet may be cluster-scoped", false, List.of(NAMESPACED, UNKNOWN), true),
                Arguments.of(
                        "reverse teardown keeps an order garbage collection does not", true, List.of(NAMESPACED), true),
                Arguments.of("reverse teardown of nothing", true, List.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void needsTheOperatorOnlyWhereGarbageCollectionFallsShort(
            String name, boolean reverse, List<Scope> scopes, boolean needed) {
        assertThat(Finalization.needed(reverse, scopes)).isEqualTo(needed);
    }
}
