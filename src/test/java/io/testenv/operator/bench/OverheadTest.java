package io.testenv.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadTest {

    @Test
    void targetIsTheFairBoundPlusFivePercentAndTwoHundredMilliseconds() {
        Overhead overhead = new Overhead(Duration.ofMillis(8500), Duration.ofMillis(8000));

        assertThat(overhead.target()).isEqualTo(Duration.ofMillis(8600));
        assertThat(overhead.met()).isTrue();
        assertThat(overhead.over()).isEqualTo(Duration.ofMillis(500));
        assertThat(overhead.percent()).isEqualTo(6.25);
        assertThat(overhead.describe()).isEqualTo("+500 ms (+6.3%)");
    }

    @Test
    void aTimePastTheTargetMissesIt() {
        assertThat(new Overhead(Duration.ofMillis(8601), Duration.ofMillis(8000)).met())
                .isFalse();
    }

    @Test
    void aRunFasterThanTheMedianFloorsShowsANegativeOverhead() {
        assertThat(new Overhead(Duration.ofMillis(5900), Duration.ofMillis(6000)).describe())
                .isEqualTo("-100 ms (-1.7%)");
    }

    @Test
    void fairBoundAddsEachKindsFloorAlongTheCriticalPath() {
        // postgres (StatefulSet) -> migrations (Job) -> datastorage (Deployment); redis (Deployment) beside
        BenchGraph graph = new BenchGraph(
                "datastorage",
                List.of(
                        new BenchGraph.Node("postgres", Duration.ofSeconds(60), List.of(), "StatefulSet"),
                        new BenchGraph.Node("redis", Duration.ofSeconds(15), List.of(), "Deployment"),
                        new BenchGraph.Node("migrations", Duration.ofSeconds(30), List.of("postgres"), "Job"),
                        new BenchGraph.Node(
                                "datastorage", Duration.ofSeconds(30), List.of("migrations", "redis"), "Deployment")));
        ControllerFloor floor = new ControllerFloor(
                Duration.ofMillis(1500),
                java.util.Map.of(),
                java.util.Map.of(
                        "StatefulSet", Duration.ofMillis(300),
                        "Job", Duration.ofMillis(1000),
                        "Deployment", Duration.ofMillis(500)));

        Duration fair = graph.bound(n -> n.duration().dividedBy(20).plus(floor.of(n.kind())));

        assertThat(graph.bound()).isEqualTo(Duration.ofSeconds(120));
        assertThat(fair).isEqualTo(Duration.ofMillis(6000 + 300 + 1000 + 500));
    }

    @Test
    void aKindWithoutAFloorCostsItsDurationOnly() {
        ControllerFloor floor =
                new ControllerFloor(Duration.ZERO, java.util.Map.of(), java.util.Map.of("Job", Duration.ofSeconds(1)));

        assertThat(floor.of("ConfigMap")).isZero();
        assertThat(floor.of("")).isZero();
    }

    @Test
    void controllerFloorIsTheMedianLessTheReadyAfterNeverNegative() {
        List<Duration> times = List.of(Duration.ofMillis(2600), Duration.ofMillis(2500), Duration.ofMillis(4000));

        assertThat(ControllerFloor.floor(times, Duration.ofMillis(1500))).isEqualTo(Duration.ofMillis(1100));
        assertThat(ControllerFloor.floor(times, Duration.ofSeconds(3))).isZero();
    }
}
