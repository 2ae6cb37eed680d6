package io.testenv.operator.reconciler.record;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.trace.BringUpSpans;
import io.testenv.operator.planner.trace.SpanSpec;
import io.testenv.operator.planner.trace.TraceParent;
import io.testenv.operator.reconciler.marks.Marks;
import io.testenv.operator.reconciler.observe.BringUp;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Exports a concluded bring-up of an environment annotated with {@link Marks#TRACEPARENT} as the spans
 * {@link BringUpSpans} decides, under that remote parent, with their recorded times. The SDK exports them in the
 * background (OTLP, when an endpoint is configured; without one the SDK is off and nothing is built). A
 * traceparent that is not one, or a problem of the exporter, never fails a reconcile.
 */
@ApplicationScoped
public class TraceExporter {

    private final Tracer tracer;
    private final boolean enabled;

    /**
     * @param sdkDisabled whether the OpenTelemetry SDK is off, as it is without an endpoint
     *     ({@code config.TraceExportSwitch}): then no span is even built
     */
    public TraceExporter(
            Tracer tracer,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled) {
        this.tracer = tracer;
        this.enabled = !sdkDisabled;
    }

    /** Whether bring-ups are exported at all: an OTLP endpoint is configured. */
    public boolean enabled() {
        return enabled;
    }

    /** The bring-up the plan concludes, if the environment asks for it. */
    public void export(BringUp run, Plan plan) {
        TestEnvironment env = run.env();
        Map<String, String> annotations = env.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(Marks.TRACEPARENT);
        if (value == null || !enabled) {
            return;
        }
        String environment =
                env.getMetadata().getNamespace() + "/" + env.getMetadata().getName();
        Optional<TraceParent> parent = TraceParent.parse(value);
        if (parent.isEmpty()) {
            Log.debugf("%s: %s is not a W3C traceparent (version 00); no trace", environment, Marks.TRACEPARENT);
            return;
        }
        try {
            emit(parent.get(), BringUpSpans.of(run.model(), plan));
        } catch (RuntimeException e) {
            Log.debugf(
                    "%s: the bring-up's trace was not exported (%s)",
                    environment, e.getClass().getSimpleName());
        }
    }

    /** Starts every span under its parent (the remote one for the bring-up), then ends each at its recorded end. */
    void emit(TraceParent parent, List<SpanSpec> spans) {
        SpanContext remote = SpanContext.createFromRemoteParent(
                parent.traceId(),
                parent.spanId(),
                parent.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                TraceState.getDefault());
        Context remoteContext = Context.root().with(Span.wrap(remote));
        Map<String, Span> started = new HashMap<>();
        List<Map.Entry<SpanSpec, Span>> toEnd = new ArrayList<>();
        for (SpanSpec spec : spans) {
            Context parentContext = spec.parent()
                    .map(key -> Context.root().with(started.get(key)))
                    .orElse(remoteContext);
            SpanBuilder builder = tracer.spanBuilder(spec.name())
                    .setParent(parentContext)
                    .setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(spec.start());
            spec.attributes().forEach((name, attribute) -> set(builder, name, attribute));
            Span span = builder.startSpan();
            spec.error().ifPresent(description -> span.setStatus(StatusCode.ERROR, description));
            started.put(spec.key(), span);
            toEnd.add(Map.entry(spec, span));
        }
        // children first, so that a span is never ended before what it contains
        for (int i = toEnd.size() - 1; i >= 0; i--) {
            toEnd.get(i).getValue().end(toEnd.get(i).getKey().end());
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(SpanBuilder builder, String name, Object value) {
        if (value instanceof String text) {
            builder.setAttribute(name, text);
        } else if (value instanceof Boolean flag) {
            builder.setAttribute(name, flag);
        } else if (value instanceof Long number) {
            builder.setAttribute(name, number);
        } else if (value instanceof Double number) {
            builder.setAttribute(name, number);
        } else if (value instanceof List<?> list) {
            builder.setAttribute(
                    AttributeKey.stringArrayKey(name),
                    list.stream().map(String::valueOf).toList());
        }
    }
}
