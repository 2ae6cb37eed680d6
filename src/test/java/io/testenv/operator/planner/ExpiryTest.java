package io.testenv.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpiryTest {

    static Plan ready() {
        Cluster cluster = new Cluster(Specs.env("a"));
        cluster.reconcile();
        return cluster.at(10).ready("a").reconcile();
    }

    static Plan failed() {
        Cluster cluster = new Cluster(Specs.withTimeout(Specs.env("a"), "30s"));
        cluster.reconcile();
        return cluster.at(31).reconcile();
    }

    static Plan progressing() {
        return new Cluster(Specs.env("a")).reconcile();
    }

    static Stream<Arguments> cases() {
        Instant t0 = Cluster.T0;
        return Stream.of(
                Arguments.of("ready, ttl after ready", ready(), 60, null, Optional.of(t0.plusSeconds(70))),
                Arguments.of("ready, zero ttl", ready(), 0, null, Optional.of(t0.plusSeconds(10))),
                Arguments.of("ready, only a ttl after failure", ready(), null, 60, Optional.empty()),
                Arguments.of(
                        "failed, ttl after failure counts from the failure",
                        failed(),
                        600,
                        5,
                        Optional.of(t0.plusSeconds(36))),
                Arguments.of("failed, only a ttl after ready", failed(), 600, null, Optional.empty()),
                Arguments.of("progressing never expires", progressing(), 1, 1, Optional.empty()),
                Arguments.of("no ttl", ready(), null, null, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expiresAt(String name, Plan plan, Integer afterReady, Integer afterFailed, Optional<Instant> expected) {
        assertThat(Expiry.of(plan, afterReady, afterFailed)).isEqualTo(expected);
    }
}
