package io.testenv.operator.config;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * JOSDK's reconcile metrics on the application's Micrometer registry. quarkus-operator-sdk's own provider hands
 * out its metrics before Micrometer binds it, so in the prod profile they stay no-op; this producer takes
 * precedence. Per-resource metrics are off: one time series per environment does not scale.
 */
@ApplicationScoped
public class JosdkMetrics {

    @Produces
    @Singleton
    public Metrics metrics(MeterRegistry registry) {
        return MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                .notCollectingMetricsPerResource()
                .build();
    }
}
