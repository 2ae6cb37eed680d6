package io.testenv.operator.bench;

import static io.testenv.operator.bench.Report.seconds;

import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.api.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Fairness between namespaces: a canary (the hello-world sample) in a namespace of its own, timed to Ready alone,
 * then again while one other namespace floods the operator with N environments of 8 components. A fair operator
 * keeps the canary within twice its time alone.
 */
final class FairnessRun {

    static final String FLOOD_NAMESPACE = "fairness-flood";
    /** The canary during the flood may take at most this many times its time alone. */
    static final double TARGET = 2;

    private final Bench bench;

    FairnessRun(Bench bench) {
        this.bench = bench;
    }

    void run(int flood) throws Exception {
        BenchGraph graph = BenchGraph.eight(new Random(bench.seed));
        canary("canary-warm-up");
        int repeats = Bench.intSetting("bench.fairness.repeats", 3);
        List<Duration> alone = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            alone.add(canary("canary-alone-" + i));
        }
        Duration aloneMedian = Measurements.percentile(alone, 50);
        Measurements.Cpu cpuBefore = bench.measurements.cpu();
        String metricsBefore = bench.measurements.scrape();
        long auditMark = bench.audit.map(AuditLog::mark).orElse(0L);
        Duration during;
        Duration createdIn;
        List<Duration> floodTimes;
        int floodReady;
        try (Fleet fleet =
                new Fleet(bench, env -> env.getMetadata().getNamespace().equals(FLOOD_NAMESPACE))) {
            fleet.create(
                    flood,
                    i -> Environments.of(graph, Strategy.Parallel, FLOOD_NAMESPACE, "env-" + i, "env-" + i + "-"));
            createdIn = fleet.sinceStart();
            during = canary("canary-during-flood");
            fleet.awaitReady(flood, bench.fleetLimit(graph, flood));
            floodTimes = fleet.timesToReady();
            floodReady = fleet.readyCount();
        }
        Measurements.Cpu cpu = bench.measurements.cpu().minus(cpuBefore);
        String metricsAfter = bench.measurements.scrape();
        long auditEnd = bench.audit.map(AuditLog::mark).orElse(0L);
        bench.print(
                "## Fairness: a canary in its own namespace, alone and during a flood of %d environments in "
                        + "another%n%n| measure | value |%n|---|---|%n",
                flood);
        bench.print(
                "| canary (hello-world sample) time to Ready alone, median of %d | %s (%s) |%n",
                repeats,
                seconds(aloneMedian),
                String.join(", ", alone.stream().map(Report::seconds).toList()));
        bench.print(
                "| canary time to Ready during the flood (created once the flood's %d creates were answered, "
                        + "%s after the first) | %s |%n",
                flood, seconds(createdIn), seconds(during));
        bench.print("| during the flood against alone | %s |%n", ratio(during, aloneMedian));
        bench.print(
                "| flood: environments Ready, time to Ready p50 / p99 | %d of %d, %s / %s |%n",
                floodReady,
                flood,
                seconds(Measurements.percentile(floodTimes, 50)),
                seconds(Measurements.percentile(floodTimes, 99)));
        bench.print(
                "| reconciles per flood environment, by controller | %s |%n",
                ScaleRun.reconciles(metricsBefore, metricsAfter, flood));
        bench.print("| operator CPU seconds | %.1f |%n", cpu.operator());
        bench.print("| control plane CPU seconds | %s |%n", cpu.describeControlPlane());
        bench.print(
                "| CPU split operator : control plane | %.0f%% : %.0f%% |%n",
                100 * cpu.operator() / (cpu.operator() + cpu.controlPlaneTotal()),
                100 * cpu.controlPlaneTotal() / (cpu.operator() + cpu.controlPlaneTotal()));
        bench.print("| operator heap after GC | %.0f MiB |%n%n", bench.measurements.operatorHeapAfterGcMiB());
        bench.audit.ifPresent(
                audit -> ScaleRun.crossCheck(bench, audit, auditMark, auditEnd, metricsBefore, metricsAfter));
    }

    /** "4.10× (target ≤ 2×: missed)". */
    static String ratio(Duration during, Duration alone) {
        if (during == null || alone == null || alone.isZero()) {
            return "n/a";
        }
        double ratio = (double) during.toMillis() / alone.toMillis();
        return String.format(
                Locale.ROOT,
                "%.2f× (target ≤ %s×: %s)",
                ratio,
                Report.trim(TARGET),
                ratio <= TARGET ? "met" : "missed");
    }

    /** Creates a canary in a namespace of its own and waits for it: its time from create to the readyAt its status records. */
    private Duration canary(String name) throws Exception {
        String namespace = "fairness-" + name;
        TestEnvironment env = Environments.sample(
                "hello-world", Strategy.Parallel, namespace, bench.client.getKubernetesSerialization());
        Instant created = Instant.now();
        bench.create(env);
        TestEnvironment done = bench.client
                .resources(TestEnvironment.class)
                .inNamespace(namespace)
                .withName(env.getMetadata().getName())
                .waitUntilCondition(
                        e -> e != null
                                && e.getStatus() != null
                                && e.getStatus().getPhase() == EnvironmentPhase.Ready
                                && e.getStatus().getTiming() != null
                                && e.getStatus().getTiming().getReadyAt() != null,
                        30,
                        TimeUnit.MINUTES);
        return Duration.between(
                created, Instant.parse(done.getStatus().getTiming().getReadyAt()));
    }
}
