package io.testenv.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OpenTelemetry SDK is on exactly when an OTLP endpoint for traces is configured. */
class TraceExportSwitchTest {

    @ParameterizedTest(name = "traces endpoint ''{0}'', endpoint ''{1}'': disabled {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "null                  | null                  | true",
                "''                    | null                  | true",
                "'  '                  | null                  | true",
                "http://collector:4318 | null                  | false",
                "null                  | http://collector:4318 | false",
                // Quarkus' default value of the endpoint, from the lowest source: no endpoint
                "default               | null                  | true",
            })
    void theSdkIsDisabledUnlessAnEndpointIsSet(String tracesEndpoint, String endpoint, boolean disabled) {
        Map<String, String> config = new java.util.HashMap<>();
        if (tracesEndpoint != null) {
            config.put("quarkus.otel.exporter.otlp.traces.endpoint", tracesEndpoint);
        }
        if (endpoint != null) {
            config.put("quarkus.otel.exporter.otlp.endpoint", endpoint);
        }

        Iterable<ConfigSource> sources = new TraceExportSwitch().getConfigSources(context(config));

        ConfigSource source =
                StreamSupport.stream(sources.spliterator(), false).findFirst().orElseThrow();
        assertThat(source.getValue(TraceExportSwitch.SDK_DISABLED)).isEqualTo(String.valueOf(disabled));
        assertThat(source.getOrdinal()).isLessThan(100);
    }

    private static ConfigSourceContext context(Map<String, String> config) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String value = config.get(name);
                boolean byDefault = "default".equals(value);
                return ConfigValue.builder()
                        .withName(name)
                        .withValue(byDefault ? "http://localhost:4317/" : value)
                        .withConfigSourceName(byDefault ? "DefaultValuesConfigSource" : "EnvConfigSource")
                        .withConfigSourceOrdinal(byDefault ? Integer.MIN_VALUE : 300)
                        .build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return Collections.unmodifiableSet(config.keySet()).iterator();
            }
        };
    }
}
