package io.testenv.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.playground.Playground;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What every run of the benchmark shares: the playground and its client, the measurements, the report, the
 * speed factor, and the API server's audit log of the operator's requests (absent when it is off).
 */
final class Bench {

    final double speed;
    final long seed;
    final Playground playground;
    final KubernetesClient client;
    final Measurements measurements;
    final Report report;
    final Optional<AuditLog> audit;

    Bench(double speed, long seed, Playground playground, Measurements measurements, Report report, AuditLog audit) {
        this.speed = speed;
        this.seed = seed;
        this.playground = playground;
        this.client = playground.client();
        this.measurements = measurements;
        this.report = report;
        this.audit = Optional.ofNullable(audit);
    }

    void print(String format, Object... args) {
        report.print(format, args);
    }

    /** A simulated duration in real time: divided by the speed factor. */
    Duration scaled(Duration duration) {
        return Duration.ofNanos((long) (duration.toNanos() / speed));
    }

    /**
     * How long a run waits for {@code count} environments of the graph created at once: four times one at a time,
     * plus 5 minutes, plus 1.5 s per environment (two saturated cores); {@code bench.limit-seconds} overrides it.
     */
    Duration fleetLimit(BenchGraph graph, int count) {
        Duration limit =
                scaled(graph.sequentialBound()).multipliedBy(4).plusSeconds(300).plusMillis(1500L * count);
        return Duration.ofSeconds(intSetting("bench.limit-seconds", (int) limit.toSeconds()));
    }

    /** Creates the environment in its own namespace, which a real API server needs to exist first. */
    void create(TestEnvironment env) {
        createNamespace(env.getMetadata().getNamespace());
        client.resource(env).create();
    }

    void createNamespace(String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    /** Waits until the operator's metrics answer with its counters (created at start-up). */
    void awaitOperator() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (measurements.scrape().contains("testenv_reconciles_total")) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // the operator is still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the operator did not start; see target/bench/operator.log");
    }

    /** A system property ({@code bench.scale}) or the environment variable of the same name ({@code BENCH_SCALE}). */
    static String setting(String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(
                    property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    static int intSetting(String property, int fallback) {
        return Integer.parseInt(setting(property, String.valueOf(fallback)));
    }
}
