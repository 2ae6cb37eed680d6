package io.testenv.junit5;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C traceparent to hand the environment: the JVM's current OpenTelemetry span when the OpenTelemetry API is
 * on the classpath and a span is active, else {@code TRACEPARENT} (a system property {@code testenv.traceparent}
 * first, then the environment variable), as CI systems propagate it.
 */
final class TraceContext {

    static final Pattern TRACEPARENT = Pattern.compile("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");

    private TraceContext() {}

    static Optional<String> current() {
        Optional<String> fromOpenTelemetry = openTelemetry();
        if (fromOpenTelemetry.isPresent()) {
            return fromOpenTelemetry;
        }
        String given = System.getProperty("testenv.traceparent", System.getenv("TRACEPARENT"));
        return Optional.ofNullable(given)
                .map(String::trim)
                .filter(t -> TRACEPARENT.matcher(t).matches());
    }

    /** Span.current().getSpanContext(), by reflection: the extension does not depend on OpenTelemetry. */
    private static Optional<String> openTelemetry() {
        try {
            Class<?> span = Class.forName("io.opentelemetry.api.trace.Span");
            Object current = span.getMethod("current").invoke(null);
            Object context = span.getMethod("getSpanContext").invoke(current);
            Method valid = context.getClass().getMethod("isValid");
            valid.setAccessible(true);
            if (!(Boolean) valid.invoke(context)) {
                return Optional.empty();
            }
            String traceId = (String) context.getClass().getMethod("getTraceId").invoke(context);
            String spanId = (String) context.getClass().getMethod("getSpanId").invoke(context);
            Object flags = context.getClass().getMethod("getTraceFlags").invoke(context);
            String hex = (String) flags.getClass().getMethod("asHex").invoke(flags);
            return Optional.of("00-" + traceId + "-" + spanId + "-" + hex);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }
}
