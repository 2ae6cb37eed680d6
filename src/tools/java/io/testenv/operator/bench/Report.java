package io.testenv.operator.bench;

import java.time.Duration;
import java.util.Locale;

/** The benchmark's output: Markdown printed as it is measured and kept for target/bench/results.md. */
final class Report {

    private final StringBuilder text = new StringBuilder();

    void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.print(line);
        text.append(line);
    }

    String text() {
        return text.toString();
    }

    static String seconds(Duration duration) {
        return duration == null ? "" : String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }

    static String millis(Duration duration) {
        return duration == null ? "" : String.format(Locale.ROOT, "%d ms", duration.toMillis());
    }

    /** A histogram bucket bound in seconds, as "≤ 16 ms". */
    static String bucket(Double seconds) {
        if (seconds == null) {
            return "n/a";
        }
        return seconds.isInfinite() ? "> 30 s" : String.format(Locale.ROOT, "≤ %.0f ms", seconds * 1000);
    }

    static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
