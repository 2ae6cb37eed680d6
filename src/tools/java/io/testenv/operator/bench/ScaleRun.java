package io.testenv.operator.bench;

import static io.testenv.operator.bench.Report.bucket;
import static io.testenv.operator.bench.Report.millis;
import static io.testenv.operator.bench.Report.seconds;

import io.testenv.operator.api.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * N environments of 8 components created at once (Parallel), after the no-op operator floor of the same
 * workloads ({@link WorkloadFloor}): time to Ready against three times that floor, the operator's reconciles
 * and API requests per environment (checked against the API server's audit log), the CPU of each side, the
 * control plane's with and without the operator, and the operator's heap after GC.
 */
final class ScaleRun {

    /** The time to Ready p50 of a scale run may be at most this many times the no-op operator floor's. */
    static final double FLOOR_FACTOR = 3;

    private final Bench bench;

    ScaleRun(Bench bench) {
        this.bench = bench;
    }

    void run(int count) throws Exception {
        BenchGraph graph = BenchGraph.eight(new Random(bench.seed));
        Duration limit = bench.fleetLimit(graph, count);
        WorkloadFloor floor = null;
        if (Boolean.parseBoolean(Bench.setting("bench.floor", "true"))) {
            floor = WorkloadFloor.measure(bench, graph, count, limit);
            WorkloadFloor.cleanUp(bench, count, Duration.ofMinutes(15));
        }
        bench.print("## Scale: %d environments of 8 components, created at once (Parallel)%n%n", count);
        Measurements measurements = bench.measurements;
        double heapBefore = measurements.operatorHeapAfterGcMiB();
        Measurements.Cpu cpuBefore = measurements.cpu();
        String metricsBefore = measurements.scrape();
        long auditMark = bench.audit.map(AuditLog::mark).orElse(0L);
        var gateBucketsBefore = Measurements.buckets(metricsBefore, Benchmark.GATE_HISTOGRAM);
        List<Duration> times;
        List<Duration> gates = new ArrayList<>();
        Duration wall;
        int ready;
        try (Fleet fleet =
                new Fleet(bench, env -> env.getMetadata().getNamespace().startsWith("scale-"))) {
            fleet.create(count, i -> Environments.of(graph, Strategy.Parallel, "scale-" + i, "env"));
            fleet.awaitReady(count, limit);
            wall = fleet.sinceStart();
            ready = fleet.readyCount();
            times = fleet.timesToReady();
            Map<String, List<String>> gateMap = graph.gates(Strategy.Parallel);
            fleet.ready().values().forEach(env -> gates.addAll(measurements.gateLatencies(env, gateMap)));
        }
        Measurements.Cpu cpu = measurements.cpu().minus(cpuBefore);
        String metricsAfter = measurements.scrape();
        long auditEnd = bench.audit.map(AuditLog::mark).orElse(0L);
        var gateBucketsAfter = Measurements.buckets(metricsAfter, Benchmark.GATE_HISTOGRAM);
        double heap = measurements.operatorHeapAfterGcMiB();
        Duration p50 = Measurements.percentile(times, 50);
        bench.print("| measure | value |%n|---|---|%n");
        bench.print("| environments Ready | %d of %d |%n", ready, count);
        bench.print("| critical-path bound | %s |%n", seconds(bench.scaled(graph.bound())));
        bench.print(
                "| time to Ready p50 / p99 | %s / %s |%n", seconds(p50), seconds(Measurements.percentile(times, 99)));
        if (floor != null) {
            Duration floorP50 = Measurements.percentile(floor.times(), 50);
            bench.print(
                    "| no-op operator floor: the same workloads created directly, all of an environment's at once, "
                            + "time to Ready p50 / p99 | %s / %s (%d of %d groups Ready, all after %s) |%n",
                    seconds(floorP50),
                    seconds(Measurements.percentile(floor.times(), 99)),
                    floor.times().size(),
                    count,
                    seconds(floor.wall()));
            bench.print(
                    "| time to Ready p50 against %s× the floor's | %s |%n",
                    Report.trim(FLOOR_FACTOR), againstFloor(p50, floorP50));
        }
        bench.print("| all Ready after (wall clock) | %s |%n", seconds(wall));
        bench.print(
                "| gate latency p50 / p99 | %s / %s |%n",
                millis(Measurements.percentile(gates, 50)), millis(Measurements.percentile(gates, 99)));
        bench.print(
                "| gate latency inside the operator p50 / p99 (histogram bucket) | %s / %s |%n",
                bucket(Measurements.percentileBound(gateBucketsBefore, gateBucketsAfter, 50)),
                bucket(Measurements.percentileBound(gateBucketsBefore, gateBucketsAfter, 99)));
        bench.print(
                "| reconciles per environment, by controller | %s |%n", reconciles(metricsBefore, metricsAfter, count));
        bench.print("%s", Measurements.apiRequestRows(metricsBefore, metricsAfter, count));
        printCpu(cpu, floor, count);
        bench.print(
                "| operator heap after GC | %.0f MiB (%.0f MiB before the run: %.0f KiB per environment) |%n%n",
                heap, heapBefore, (heap - heapBefore) * 1024 / count);
        bench.audit.ifPresent(audit -> crossCheck(bench, audit, auditMark, auditEnd, metricsBefore, metricsAfter));
    }

    /** "159.61 s against ≤ 120.00 s (3 × 40.00 s): missed, 4.0× the floor". */
    static String againstFloor(Duration p50, Duration floorP50) {
        if (p50 == null || floorP50 == null || floorP50.isZero()) {
            return "n/a";
        }
        Duration target = Duration.ofMillis((long) (floorP50.toMillis() * FLOOR_FACTOR));
        return String.format(
                Locale.ROOT,
                "%s against ≤ %s (%s × %s): %s, %.1f× the floor",
                seconds(p50),
                seconds(target),
                Report.trim(FLOOR_FACTOR),
                seconds(floorP50),
                p50.compareTo(target) <= 0 ? "met" : "missed",
                (double) p50.toMillis() / floorP50.toMillis());
    }

    /** "bring-up 15.4, teardown 1.0; both 16.4". */
    static String reconciles(String before, String after, int count) {
        Map<String, Double> earlier = Measurements.byLabel(before, "testenv_reconciles_total", "controller");
        Map<String, Double> later = Measurements.byLabel(after, "testenv_reconciles_total", "controller");
        double all = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> controller : later.entrySet()) {
            double value = controller.getValue() - earlier.getOrDefault(controller.getKey(), 0.0);
            all += value;
            parts.add(String.format(Locale.ROOT, "%s %.1f", controller.getKey(), value / count));
        }
        return String.join(", ", parts) + String.format(Locale.ROOT, "; both %.1f", all / count);
    }

    private void printCpu(Measurements.Cpu cpu, WorkloadFloor floor, int count) {
        bench.print(
                "| operator CPU seconds | %.1f (%.0f ms per environment) |%n",
                cpu.operator(), cpu.operator() * 1000 / count);
        bench.print("| control plane CPU seconds with the operator (this run) | %s |%n", cpu.describeControlPlane());
        if (floor != null) {
            double without = floor.cpu().controlPlaneTotal();
            bench.print(
                    "| control plane CPU seconds without it (the no-op floor run) | %s; operator CPU meanwhile %.1f |%n",
                    floor.cpu().describeControlPlane(), floor.cpu().operator());
            bench.print(
                    "| the operator's share of the control plane's CPU (with − without) | %.1f s (%.0f%% of the "
                            + "run's, %.0f ms per environment) |%n",
                    cpu.controlPlaneTotal() - without,
                    100 * (cpu.controlPlaneTotal() - without) / cpu.controlPlaneTotal(),
                    (cpu.controlPlaneTotal() - without) * 1000 / count);
        }
        bench.print("| benchmark process CPU seconds (pod lifecycle helper, benchmark) | %.1f |%n", cpu.benchmark());
        double total = cpu.controlPlaneTotal();
        bench.print(
                "| CPU split operator : control plane | %.0f%% : %.0f%% |%n",
                100 * cpu.operator() / (cpu.operator() + total), 100 * total / (cpu.operator() + total));
    }

    /** The operator's requests over the run, its own count beside the API server's audit log. */
    static void crossCheck(Bench bench, AuditLog audit, long from, long to, String metricsBefore, String metricsAfter) {
        bench.print(
                "The operator's API requests over the run: its own count (testenv_api_requests_total) beside the API "
                        + "server's audit log of its user (%s), by verb and resource:%n%n%s%n",
                AuditLog.OPERATOR_USER,
                AuditLog.crossCheckRows(
                        Measurements.apiRequestsBetween(metricsBefore, metricsAfter), audit.countBetween(from, to)));
    }
}
