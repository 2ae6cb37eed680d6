package io.testenv.operator.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The OpenTelemetry SDK is on only when an OTLP endpoint for traces is configured
 * ({@code quarkus.otel.exporter.otlp.traces.endpoint} or {@code quarkus.otel.exporter.otlp.endpoint}, for example
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}): without one, nothing is exported, not even to the OTLP
 * default of localhost. It sets {@code quarkus.otel.sdk.disabled} at a low ordinal, so that an explicit setting
 * still wins. The endpoint counts only when a source above this one sets it: the OTLP default
 * ({@code http://localhost:4317/}, a default value of the lowest ordinal) is no endpoint. Registered in
 * META-INF/services.
 */
public class TraceExportSwitch implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS =
            List.of("quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.exporter.otlp.endpoint");
    /** Below application.properties (250) and META-INF/microprofile-config.properties (100). */
    static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean endpoint = ENDPOINTS.stream().map(context::getValue).anyMatch(TraceExportSwitch::configured);
        return List.of(new PropertiesConfigSource(
                Map.of(SDK_DISABLED, String.valueOf(!endpoint)), "testenv-trace-export-switch", ORDINAL));
    }

    private static boolean configured(ConfigValue value) {
        return value != null
                && value.getValue() != null
                && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > ORDINAL;
    }
}
