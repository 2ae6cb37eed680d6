package io.testenv.operator.planner.model;

import io.testenv.operator.api.TestEnvironmentSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * An environment's {@code spec.timeout}, parsed once: the text the author wrote (for messages) and its duration,
 * absent when the text is not a duration (the validator reports it, and nothing is applied).
 */
public record Timeout(String text, Optional<Duration> duration) {

    private static final Duration DEFAULT =
            GoDuration.parse(TestEnvironmentSpec.DEFAULT_TIMEOUT).orElseThrow();

    public static Timeout of(String text) {
        return new Timeout(text, GoDuration.parse(text));
    }

    /** The duration, or the default one ({@value TestEnvironmentSpec#DEFAULT_TIMEOUT}) when the text is not one. */
    public Duration orDefault() {
        return duration.orElse(DEFAULT);
    }

    @Override
    public String toString() {
        return text;
    }
}
