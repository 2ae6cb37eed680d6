package io.testenv.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

class MeasurementsTest {

    static final String BEFORE = """
            # TYPE testenv_gate_latency_seconds histogram
            testenv_gate_latency_seconds_bucket{le="0.001"} 2.0
            testenv_gate_latency_seconds_bucket{le="0.01"} 4.0
            testenv_gate_latency_seconds_bucket{le="0.05"} 4.0
            testenv_gate_latency_seconds_bucket{le="+Inf"} 4.0
            testenv_gate_latency_seconds_count 4.0
            """;

    static final String AFTER = """
            testenv_gate_latency_seconds_bucket{le="0.001",} 2.0
            testenv_gate_latency_seconds_bucket{le="0.01",} 94.0
            testenv_gate_latency_seconds_bucket{le="0.05",} 103.0
            testenv_gate_latency_seconds_bucket{le="+Inf",} 104.0
            testenv_gate_latency_seconds_count 104.0
            """;

    @Test
    void readsCumulativeBucketsWithOrWithoutTrailingComma() {
        NavigableMap<Double, Double> buckets = Measurements.buckets(AFTER, "testenv_gate_latency_seconds");

        assertThat(buckets)
                .containsEntry(0.001, 2.0)
                .containsEntry(0.01, 94.0)
                .containsEntry(0.05, 103.0)
                .containsEntry(Double.POSITIVE_INFINITY, 104.0)
                .hasSize(4);
        assertThat(Measurements.buckets(BEFORE, "testenv_gate_latency_seconds")).containsEntry(0.01, 4.0);
    }

    @Test
    void percentileBoundCountsOnlyWhatWasRecordedBetweenScrapes() {
        var before = Measurements.buckets(BEFORE, "testenv_gate_latency_seconds");
        var after = Measurements.buckets(AFTER, "testenv_gate_latency_seconds");

        // 100 new values: none ≤ 1 ms, 90 ≤ 10 ms, 99 ≤ 50 ms, 1 beyond
        assertThat(Measurements.percentileBound(before, after, 50)).isEqualTo(0.01);
        assertThat(Measurements.percentileBound(before, after, 90)).isEqualTo(0.01);
        assertThat(Measurements.percentileBound(before, after, 99)).isEqualTo(0.05);
        assertThat(Measurements.percentileBound(before, after, 100)).isInfinite();
        assertThat(Measurements.percentileBound(after, after, 50)).isNull();
    }
}
