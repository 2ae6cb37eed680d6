package io.testenv.operator.planner.trace;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A W3C trace context {@code traceparent} (version 00): the trace and the span a bring-up is recorded under, as a
 * CI pipeline propagates them ({@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}).
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero
 * @param sampled whether the parent was sampled (flag 01)
 */
public record TraceParent(String traceId, String spanId, boolean sampled) {

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    /** The traceparent in the text, or empty for anything that is not a valid version 00 traceparent. */
    public static Optional<TraceParent> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String traceId = matcher.group(1);
        String spanId = matcher.group(2);
        if (traceId.chars().allMatch(c -> c == '0') || spanId.chars().allMatch(c -> c == '0')) {
            return Optional.empty();
        }
        boolean sampled = (Integer.parseInt(matcher.group(3), 16) & 1) == 1;
        return Optional.of(new TraceParent(traceId, spanId, sampled));
    }
}
