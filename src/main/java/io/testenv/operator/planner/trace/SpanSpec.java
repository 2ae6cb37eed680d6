package io.testenv.operator.planner.trace;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One span to export, decided from the status: a local key, the key of its parent ({@code parent} empty: the
 * remote parent of the traceparent), its name, its recorded start and end, its attributes (String, Boolean, Long,
 * Double or a List of String) and, for an error, the description.
 */
public record SpanSpec(
        String key,
        Optional<String> parent,
        String name,
        Instant start,
        Instant end,
        Map<String, Object> attributes,
        Optional<String> error) {

    public SpanSpec {
        attributes = Map.copyOf(attributes);
    }

    public boolean isError() {
        return error.isPresent();
    }
}
