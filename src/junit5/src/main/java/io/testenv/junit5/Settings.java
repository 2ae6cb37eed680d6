package io.testenv.junit5;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link WithTestEnvironment} as the extension applies it: the annotation, with what system properties add.
 *
 * @param source the YAML, as named
 * @param timeout the wait for Ready, when the annotation sets one
 * @param reportsDir where the diagnostics go ({@code -Dtestenv.reportsDir}, default {@code target/testenv-reports})
 */
record Settings(
        String source,
        Scope scope,
        Optional<Duration> timeout,
        boolean keepOnFailure,
        boolean reportOnSuccess,
        int heartbeatSeconds,
        Path reportsDir) {

    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    static Settings of(WithTestEnvironment annotation) {
        return new Settings(
                annotation.value(),
                annotation.scope(),
                annotation.timeout().isBlank() ? Optional.empty() : Optional.of(duration(annotation.timeout())),
                annotation.keepOnFailure() || Boolean.getBoolean("testenv.keepOnFailure"),
                annotation.reportOnSuccess() || "always".equals(System.getProperty("testenv.reports")),
                Integer.getInteger("testenv.heartbeatSeconds", annotation.heartbeatSeconds()),
                Path.of(System.getProperty("testenv.reportsDir", "target/testenv-reports")));
    }

    /** A Go duration as Kubernetes writes them: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 1.5h}. */
    static Duration duration(String text) {
        Matcher matcher = DURATION_PART.matcher(text.trim());
        double millis = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            double value = Double.parseDouble(matcher.group(1));
            millis += switch (matcher.group(2)) {
                case "ms" -> value;
                case "s" -> value * 1_000;
                case "m" -> value * 60_000;
                default -> value * 3_600_000;
            };
            end = matcher.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new IllegalArgumentException("not a duration (90s, 10m, 1h30m): " + text);
        }
        return Duration.ofMillis((long) millis);
    }
}
