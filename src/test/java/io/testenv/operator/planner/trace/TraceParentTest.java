package io.testenv.operator.planner.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class TraceParentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | 4bf92f3577b34da6a3ce929d0e0e4736 | 00f067aa0ba902b7 | true",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00 | 4bf92f3577b34da6a3ce929d0e0e4736 | 00f067aa0ba902b7 | false",
                "'  00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03\n' | 4bf92f3577b34da6a3ce929d0e0e4736 | 00f067aa0ba902b7 | true",
            })
    void aValidTraceparent(String text, String traceId, String spanId, boolean sampled) {
        assertThat(TraceParent.parse(text)).contains(new TraceParent(traceId, spanId, sampled));
    }

    @ParameterizedTest(name = "''{0}''")
    @NullSource
    @CsvSource(
            delimiter = '|',
            value = {
                "''",
                "not a traceparent",
                // upper case is not allowed
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
                // another version than 00
                "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                // all-zero ids
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                // too short, too long
                "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            })
    void anythingElseIsNoTraceparent(String text) {
        assertThat(TraceParent.parse(text)).isEqualTo(Optional.empty());
    }
}
