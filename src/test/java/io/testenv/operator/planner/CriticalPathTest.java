package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.testenv.operator.api.GateCondition;
import io.testenv.operator.planner.model.Gate;
import io.testenv.operator.planner.state.CriticalPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CriticalPathTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** {@code "name applied-ready deps"}, e.g. {@code "migrations 60-90 postgres"}; {@code x@Applied} for Applied gates. */
    static CriticalPath.Times times(String row) {
        String[] parts = row.split(" ");
        String[] span = parts[1].split("-");
        List<Gate> gates = new ArrayList<>();
        for (int i = 2; i < parts.length; i++) {
            String[] gate = parts[i].split("@");
            gates.add(new Gate(gate[0], gate.length > 1 ? GateCondition.valueOf(gate[1]) : GateCondition.Ready));
        }
        return new CriticalPath.Times(
                parts[0], T0.plusSeconds(Long.parseLong(span[0])), T0.plusSeconds(Long.parseLong(span[1])), gates);
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of(
                        "datastorage",
                        List.of(
                                "postgres 0-60",
                                "redis 0-15",
                                "migrations 60-90 postgres",
                                "datastorage 90-120 migrations redis"),
                        List.of("postgres", "migrations", "datastorage"),
                        120),
                Arguments.of(
                        "the slower branch of a diamond",
                        List.of("a 0-10", "b 10-50 a", "c 10-20 a", "d 50-60 b c"),
                        List.of("a", "b", "d"),
                        60),
                Arguments.of(
                        "independent components: the slowest alone",
                        List.of("a 0-5", "b 0-40", "c 0-20"),
                        List.of("b"),
                        40),
                Arguments.of(
                        "applied gate follows the dependency's apply time",
                        List.of("db 0-100", "app 1-30 db@Applied"),
                        List.of("db"),
                        100),
                Arguments.of(
                        "applied gate on the path",
                        List.of("db 0-10", "app 1-30 db@Applied"),
                        List.of("db", "app"),
                        29),
                Arguments.of(
                        "gate latency is not counted, only component durations",
                        List.of("a 0-10", "b 12-20 a"),
                        List.of("a", "b"),
                        18));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void findsTheChainThatDeterminedTheReadyTime(String name, List<String> rows, List<String> path, long seconds) {
        CriticalPath.Result result = CriticalPath.of(
                        rows.stream().map(CriticalPathTest::times).toList())
                .orElseThrow();

        assertThat(result.components()).containsExactlyElementsOf(path);
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @org.junit.jupiter.api.Test
    void noPathUntilEveryComponentIsReady() {
        CriticalPath.Times notReady = new CriticalPath.Times("b", T0, null, List.of());

        assertThat(CriticalPath.of(List.of(times("a 0-10"), notReady))).isEmpty();
        assertThat(CriticalPath.of(List.of())).isEmpty();
    }
}
