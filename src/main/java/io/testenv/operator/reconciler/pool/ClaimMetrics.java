package io.testenv.operator.reconciler.pool;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * testenv_claim_seconds (Prometheus at /q/metrics): from a claim's creation to its Ready condition, once per claim.
 * Pool names are not a label: they are the users' to choose, and would make the series unbounded.
 */
@ApplicationScoped
public class ClaimMetrics {

    private final Timer claimReady;

    public ClaimMetrics(MeterRegistry registry) {
        this.claimReady = Timer.builder("testenv.claim")
                .description("From a claim's creation to its Ready condition")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
    }

    public void claimReady(String namespace, String pool, Duration elapsed) {
        claimReady.record(elapsed.isNegative() ? Duration.ZERO : elapsed);
    }
}
