package io.testenv.operator.planner.model;

import io.testenv.operator.api.TestEnvironmentSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Kubernetes users write them (Go's time.ParseDuration subset): 90s, 10m, 1h30m, 1.5h, 500ms. */
public final class GoDuration {

    private static final Pattern WHOLE = Pattern.compile(TestEnvironmentSpec.DURATION_PATTERN);
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    private GoDuration() {}

    public static Optional<Duration> parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return Optional.empty();
        }
        BigDecimal millis = BigDecimal.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            BigDecimal value = new BigDecimal(part.group(1));
            long unit = switch (part.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            millis = millis.add(value.multiply(BigDecimal.valueOf(unit)));
        }
        // Past Long.MAX_VALUE milliseconds (292 million years) the value saturates instead of wrapping around.
        return Optional.of(
                Duration.ofMillis(millis.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue()));
    }

    /** The shortest Go-style text of a duration: {@code 10m}, {@code 1h30m}, {@code 45s}. */
    public static String format(Duration duration) {
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (millis > 0 || text.length() == 0) {
            text.append(millis).append("ms");
        }
        return text.toString();
    }
}
