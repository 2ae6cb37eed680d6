package io.testenv.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleFiguresTest {

    @Test
    void timeToReadyIsHeldToThreeTimesTheNoOpFloor() {
        assertThat(ScaleRun.againstFloor(Duration.ofSeconds(159), Duration.ofSeconds(40)))
                .isEqualTo("159.00 s against ≤ 120.00 s (3 × 40.00 s): missed, 4.0× the floor");
        assertThat(ScaleRun.againstFloor(Duration.ofSeconds(100), Duration.ofSeconds(40)))
                .startsWith("100.00 s against ≤ 120.00 s (3 × 40.00 s): met");
        assertThat(ScaleRun.againstFloor(Duration.ofSeconds(100), null)).isEqualTo("n/a");
    }

    @Test
    void aFloorGroupTakesUntilItsLastWorkloadIsReady() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(WorkloadFloor.groupTime(
                        created, List.of(created.plusMillis(900), created.plusMillis(2300), created.plusMillis(1200))))
                .contains(Duration.ofMillis(2300));
        assertThat(WorkloadFloor.groupTime(created, Arrays.asList(created.plusMillis(900), null)))
                .isEmpty();
        assertThat(WorkloadFloor.groupTime(null, List.of(created))).isEmpty();
    }

    @Test
    void reconcilesPerEnvironmentAreCountedByControllerBetweenScrapes() {
        String before = """
                testenv_reconciles_total{controller="bring-up"} 100.0
                testenv_reconciles_total{controller="teardown"} 10.0
                """;
        String after = """
                testenv_reconciles_total{controller="bring-up",} 2100.0
                testenv_reconciles_total{controller="teardown",} 210.0
                """;

        assertThat(ScaleRun.reconciles(before, after, 200)).isEqualTo("bring-up 10.0, teardown 1.0; both 11.0");
        assertThat(Measurements.byLabel(after, "testenv_reconciles_total", "controller"))
                .isEqualTo(Map.of("bring-up", 2100.0, "teardown", 210.0));
    }

    @Test
    void controlPlaneCpuIsTakenBetweenTwoSamples() {
        Measurements.Cpu before = new Measurements.Cpu(1.0, 2.0, Map.of("etcd", 3.0, "kube-apiserver", 10.0));
        Measurements.Cpu after = new Measurements.Cpu(4.0, 2.5, Map.of("etcd", 5.0, "kube-apiserver", 40.0));

        Measurements.Cpu run = after.minus(before);

        assertThat(run.operator()).isEqualTo(3.0);
        assertThat(run.controlPlaneTotal()).isEqualTo(32.0);
        assertThat(run.describeControlPlane()).isEqualTo("32.0 (etcd 2.0, kube-apiserver 30.0)");
    }

    @Test
    void theCanaryIsHeldToTwiceItsTimeAlone() {
        assertThat(FairnessRun.ratio(Duration.ofMillis(900), Duration.ofMillis(450)))
                .isEqualTo("2.00× (target ≤ 2×: met)");
        assertThat(FairnessRun.ratio(Duration.ofMillis(18300), Duration.ofMillis(500)))
                .isEqualTo("36.60× (target ≤ 2×: missed)");
    }

    @Test
    void aRestartCountCompleteAtTheFirstScrapeIsAnUpperBound() {
        assertThat(RestartRun.reconciledOnce(Duration.ofMillis(19590), Duration.ofMillis(19590), 20))
                .isEqualTo("≤ 19.59 s (all already counted at the first answer of the metrics endpoint)");
        assertThat(RestartRun.reconciledOnce(Duration.ofSeconds(42), Duration.ofSeconds(20), 1000))
                .isEqualTo("42.00 s");
        assertThat(RestartRun.reconciledOnce(null, Duration.ofSeconds(20), 640))
                .isEqualTo("not within 30 min (640 reconciles)");
    }
}
