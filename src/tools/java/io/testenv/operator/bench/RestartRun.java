package io.testenv.operator.bench;

import static io.testenv.operator.bench.Report.seconds;

import io.testenv.operator.api.Strategy;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * A restart of the operator with N Ready environments: the time until the new process has reconciled every one of
 * them once (its bring-up controller's {@code testenv_reconciles_total} reaching N: each environment is
 * reconciled when the new informers list it), and the API requests that costs, its own count and the audit log's.
 */
final class RestartRun {

    static final String PREFIX = "restart-";

    private final Bench bench;

    RestartRun(Bench bench) {
        this.bench = bench;
    }

    void run(int count) throws Exception {
        BenchGraph graph = BenchGraph.eight(new Random(bench.seed));
        Duration bringUp;
        int ready;
        try (Fleet fleet =
                new Fleet(bench, env -> env.getMetadata().getNamespace().startsWith(PREFIX))) {
            fleet.create(count, i -> Environments.of(graph, Strategy.Parallel, PREFIX + i, "env"));
            fleet.awaitReady(count, bench.fleetLimit(graph, count));
            bringUp = fleet.sinceStart();
            ready = fleet.readyCount();
        }
        Duration quiet = awaitQuiet(Duration.ofSeconds(5), Duration.ofMinutes(3));
        long stopping = System.nanoTime();
        bench.playground.stopOperator();
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        long auditMark = bench.audit.map(AuditLog::mark).orElse(0L);
        long started = System.nanoTime();
        bench.playground.startOperator();
        Duration metricsUp = null;
        Duration first = null;
        Duration all = null;
        String metrics = "";
        long deadline = started + Duration.ofMinutes(30).toNanos();
        while (all == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            try {
                metrics = bench.measurements.scrape();
            } catch (IllegalStateException notYet) {
                continue;
            }
            Duration now = Duration.ofNanos(System.nanoTime() - started);
            double reconciled = bringUps(metrics);
            metricsUp = metricsUp == null && metrics.contains("testenv_reconciles_total") ? now : metricsUp;
            first = first == null && reconciled > 0 ? now : first;
            all = reconciled >= count ? now : null;
        }
        String atAll = metrics;
        Duration settle = Duration.ofSeconds(Bench.intSetting("bench.restart.settle-seconds", 10));
        Thread.sleep(settle.toMillis());
        String settled = bench.measurements.scrape();
        long auditEnd = bench.audit.map(AuditLog::mark).orElse(0L);
        double cpu = bench.measurements.operatorCpuSeconds();
        double heap = bench.measurements.operatorHeapAfterGcMiB();
        bench.print("## Restart: the operator stopped and started again with %d Ready environments%n%n", count);
        bench.print("| measure | value |%n|---|---|%n");
        bench.print(
                "| environments Ready before the restart | %d of %d (all Ready after %s; quiet, no reconcile for 5 s, "
                        + "%s later) |%n",
                ready, count, seconds(bringUp), seconds(quiet));
        bench.print("| stop (SIGTERM to exit) | %s |%n", seconds(stop));
        bench.print("| from start to metrics answering | %s |%n", seconds(metricsUp));
        bench.print("| from start to the first reconcile | %s |%n", seconds(first));
        bench.print(
                "| from start to every environment reconciled once (bring-up reconciles ≥ %d) | %s |%n",
                count, reconciledOnce(all, metricsUp, bringUps(atAll)));
        bench.print(
                "| reconciles per environment by then, by controller | %s |%n", ScaleRun.reconciles("", atAll, count));
        String byThen = Measurements.apiRequestRows("", atAll, count);
        String later = Measurements.apiRequestRows("", settled, count);
        bench.print("%s", byThen.replace("per environment", "per environment, start to all reconciled"));
        if (!later.equals(byThen)) {
            bench.print(
                    "%s",
                    later.replace(
                            "per environment", "per environment, " + Report.trim(settle.toSeconds()) + " s later"));
        }
        bench.print(
                "| operator CPU seconds since its start (%s later) | %.1f (%.0f ms per environment) |%n",
                Report.trim(settle.toSeconds()) + " s", cpu, cpu * 1000 / count);
        bench.print(
                "| operator heap after GC | %.0f MiB (%.0f KiB per environment, the baseline included) |%n%n",
                heap, heap * 1024 / count);
        bench.audit.ifPresent(audit -> ScaleRun.crossCheck(bench, audit, auditMark, auditEnd, "", settled));
    }

    /**
     * The time to every environment reconciled once; an upper bound when the count was already complete at the
     * first answer of the metrics endpoint, which opens only once the operator's start-up is over.
     */
    static String reconciledOnce(Duration all, Duration metricsUp, double reconciles) {
        if (all == null) {
            return String.format(java.util.Locale.ROOT, "not within 30 min (%.0f reconciles)", reconciles);
        }
        return all.equals(metricsUp)
                ? "≤ " + seconds(all) + " (all already counted at the first answer of the metrics endpoint)"
                : seconds(all);
    }

    private static double bringUps(String metrics) {
        return Measurements.byLabel(metrics, "testenv_reconciles_total", "controller")
                .getOrDefault("bring-up", 0.0);
    }

    /** Waits until the operator has not reconciled for {@code quiet}; how long that took. */
    private Duration awaitQuiet(Duration quiet, Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        double last = -1;
        long since = started;
        while (System.nanoTime() - started < limit.toNanos()) {
            Map<String, Double> reconciles =
                    Measurements.byLabel(bench.measurements.scrape(), "testenv_reconciles_total", "controller");
            double now = reconciles.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quiet.toNanos()) {
                break;
            }
            Thread.sleep(500);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
