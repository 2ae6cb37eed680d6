package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.reconciler.record.TraceExporter;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Without an OTLP endpoint (the other tests' operator), the OpenTelemetry SDK is off and no bring-up is exported. */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class TraceExportOffTest {

    @Inject
    TraceExporter traces;

    @Test
    void withoutAnEndpointTheSdkIsOffAndNothingIsExported() {
        // only Quarkus' default (localhost:4317), which is no endpoint
        assertThat(ConfigProvider.getConfig()
                        .getConfigValue("quarkus.otel.exporter.otlp.traces.endpoint")
                        .getSourceOrdinal())
                .isLessThan(100);
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class))
                .isTrue();

        assertThat(traces.enabled()).isFalse();
    }
}
