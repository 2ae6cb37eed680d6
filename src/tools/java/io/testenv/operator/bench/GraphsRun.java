package io.testenv.operator.bench;

import static io.testenv.operator.bench.Report.bucket;
import static io.testenv.operator.bench.Report.millis;
import static io.testenv.operator.bench.Report.seconds;

import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.api.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The samples and generated graphs under each strategy, one environment at a time, against the critical-path
 * bound and against that bound plus each kind's controller floor along the path ({@link ControllerFloor}).
 */
final class GraphsRun {

    static final List<Strategy> STRATEGIES = List.of(Strategy.Sequential, Strategy.AllAtOnce, Strategy.Parallel);
    static final List<String> SAMPLES = List.of("datastorage", "gateway", "signalprocessing");

    private final Bench bench;
    private final StringBuilder breakdowns = new StringBuilder();
    private ControllerFloor floor;

    GraphsRun(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Random random = new Random(bench.seed);
        Map<String, BenchGraph> generated = new LinkedHashMap<>();
        generated.put("wide-50", BenchGraph.wide(50, random));
        generated.put("deep-20", BenchGraph.deep(20, random));
        generated.put("diamond", BenchGraph.diamond());
        generated.put("random-30a", BenchGraph.randomDag(30, 0.1, random, "random-30a"));
        generated.put("random-30b", BenchGraph.randomDag(30, 0.1, random, "random-30b"));
        warmUp(bench);
        measureFloor();
        bench.print("## Graphs, one environment at a time%n%n");
        bench.print("| graph | strategy | time to Ready | critical-path bound | overhead | bound + controller floor "
                + "| over it | speed-up vs Sequential (best possible) | gate latency p50 / p99 | simulator lag p50 "
                + "| reconciles | Parallel target (≤ bound + floor + 5%% + 0.2 s) |%n");
        bench.print("|---|---|---|---|---|---|---|---|---|---|---|---|%n");
        String only = Bench.setting("bench.graphs", "");
        for (String sample : SAMPLES) {
            if (!only.isEmpty() && !List.of(only.split(",")).contains(sample)) {
                continue;
            }
            Map<Strategy, Duration> times = new LinkedHashMap<>();
            for (Strategy strategy : STRATEGIES) {
                TestEnvironment env = Environments.sample(
                        sample, strategy, namespace(sample, strategy), bench.client.getKubernetesSerialization());
                row(sample, strategy, env, Environments.graphOf(sample, env), times);
            }
        }
        for (BenchGraph graph : generated.values()) {
            if (!only.isEmpty() && !List.of(only.split(",")).contains(graph.name())) {
                continue;
            }
            Map<Strategy, Duration> times = new LinkedHashMap<>();
            for (Strategy strategy : STRATEGIES) {
                row(
                        graph.name(),
                        strategy,
                        Environments.of(graph, strategy, namespace(graph.name(), strategy), "env"),
                        graph,
                        times);
            }
        }
        bench.print("%nWhere Parallel's time over the bound goes:%n%n%s%n", breakdowns);
    }

    /** Each kind's controller floor, once per run, printed before the table. */
    private void measureFloor() {
        Duration readyAfter = Duration.ofSeconds(Bench.intSetting("bench.floor.ready-after-seconds", 30));
        int repeats = Bench.intSetting("bench.floor.repeats", 3);
        floor = ControllerFloor.measure(bench, readyAfter, repeats);
        bench.print(
                "## Controller floor: a lone workload applied directly, without the operator%n%n"
                        + "Each kind %d times, one at a time, ready-after %s (%s real), timed from the apply to the "
                        + "status the operator's readiness rules call Ready; the floor is the median less the "
                        + "ready-after.%n%n| kind | apply to Ready (median) | controller floor |%n|---|---|---|%n",
                repeats, Report.trim(readyAfter.toSeconds()) + " s", seconds(floor.readyAfter()));
        for (String kind : ControllerFloor.KINDS) {
            bench.print("| %s | %s | %s |%n", kind, seconds(floor.applyToReady().get(kind)), millis(floor.of(kind)));
        }
        bench.print("%n");
    }

    /**
     * The operator's first environment pays for class loading and JIT compilation: run one before the table, so
     * the first row is not the only cold one, and report what it cost.
     */
    static void warmUp(Bench bench) throws Exception {
        String ns = "bench-warm-up";
        TestEnvironment env =
                Environments.sample("datastorage", Strategy.Parallel, ns, bench.client.getKubernetesSerialization());
        Instant created = Instant.now();
        bench.create(env);
        TestEnvironment done = bench.client
                .resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName(env.getMetadata().getName())
                .waitUntilCondition(
                        e -> e != null
                                && e.getStatus() != null
                                && e.getStatus().getTiming() != null
                                && e.getStatus().getTiming().getReadyAt() != null,
                        5,
                        TimeUnit.MINUTES);
        bench.print(
                "First environment after the operator started (datastorage, Parallel; not in the table): Ready in %s "
                        + "against a bound of %s, first apply %s after create.%n%n",
                seconds(Duration.between(
                        created, Instant.parse(done.getStatus().getTiming().getReadyAt()))),
                seconds(bench.scaled(Environments.graphOf("datastorage", done).bound())),
                millis(Duration.between(
                        created, Instant.parse(done.getStatus().getTiming().getStartedAt()))));
    }

    private void row(
            String name, Strategy strategy, TestEnvironment env, BenchGraph graph, Map<Strategy, Duration> times)
            throws Exception {
        Measurements measurements = bench.measurements;
        String metricsBefore = measurements.scrape();
        double reconcilesBefore = Measurements.sum(metricsBefore, "testenv_reconciles_total");
        Instant created = Instant.now();
        bench.create(env);
        // a dependent started too early waits up to 300 s (simulated) per back-off
        Duration limit = bench.scaled(graph.sequentialBound()
                        .plus(Duration.ofSeconds(310).multipliedBy(graph.nodes().size())))
                .plusSeconds(60);
        TestEnvironment done;
        try {
            done = bench.client
                    .resources(TestEnvironment.class)
                    .inNamespace(env.getMetadata().getNamespace())
                    .withName(env.getMetadata().getName())
                    .waitUntilCondition(
                            e -> e != null
                                    && e.getStatus() != null
                                    && (e.getStatus().getPhase() == EnvironmentPhase.Ready
                                            || e.getStatus().getPhase() == EnvironmentPhase.Failed),
                            limit.toMillis(),
                            TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            bench.print("| %s | %s | not Ready after %s | | | | | | | | | |%n", name, strategy, seconds(limit));
            return;
        }
        String metricsAfter = measurements.scrape();
        double reconciles = Measurements.sum(metricsAfter, "testenv_reconciles_total") - reconcilesBefore;
        Double operatorGateP99 = Measurements.percentileBound(
                Measurements.buckets(metricsBefore, Benchmark.GATE_HISTOGRAM),
                Measurements.buckets(metricsAfter, Benchmark.GATE_HISTOGRAM),
                99);
        if (done.getStatus().getPhase() != EnvironmentPhase.Ready) {
            bench.print(
                    "| %s | %s | FAILED: %s | | | | | | | | | |%n",
                    name, strategy, done.getStatus().getConditions());
            return;
        }
        Duration time = Duration.between(
                created, Instant.parse(done.getStatus().getTiming().getReadyAt()));
        times.put(strategy, time);
        Duration bound = bench.scaled(graph.bound());
        Overhead overhead =
                new Overhead(time, graph.bound(n -> bench.scaled(n.duration()).plus(floor.of(n.kind()))));
        List<Duration> gates =
                strategy == Strategy.AllAtOnce ? List.of() : measurements.gateLatencies(done, graph.gates(strategy));
        Duration lagP50 = Measurements.percentile(measurements.simulatorLags(done), 50);
        bench.print(
                "| %s | %s | %s | %s | %.2f× | %s | %s | %s | %s | %s | %.0f | %s |%n",
                name,
                strategy,
                seconds(time),
                seconds(bound),
                (double) time.toMillis() / bound.toMillis(),
                seconds(overhead.fairBound()),
                overhead.describe(),
                times.containsKey(Strategy.Sequential) && strategy != Strategy.Sequential
                        ? String.format(
                                Locale.ROOT,
                                "%.2f× (%.2f×)",
                                (double) times.get(Strategy.Sequential).toMillis() / time.toMillis(),
                                (double) graph.sequentialBound().toMillis()
                                        / graph.bound().toMillis())
                        : "",
                gates.isEmpty()
                        ? ""
                        : millis(Measurements.percentile(gates, 50)) + " / "
                                + millis(Measurements.percentile(gates, 99)),
                millis(lagP50),
                reconciles,
                strategy == Strategy.Parallel
                        ? (overhead.met() ? "met" : "missed") + " (≤ " + seconds(overhead.target()) + ")"
                        : "");
        if (strategy == Strategy.Parallel) {
            breakdowns.append(String.format(
                    Locale.ROOT,
                    "- %s: %s over the bound, of which the controller floor along the critical path %s and the "
                            + "operator %s; first apply %s after create; simulator lag p50 %s; gate latency p50 %s, "
                            + "inside the operator p99 %s%n",
                    name,
                    millis(time.minus(bound)),
                    millis(overhead.fairBound().minus(bound)),
                    overhead.describe(),
                    millis(Duration.between(
                            created, Instant.parse(done.getStatus().getTiming().getStartedAt()))),
                    millis(lagP50),
                    millis(Measurements.percentile(gates, 50)),
                    bucket(operatorGateP99)));
        }
    }

    private static String namespace(String graph, Strategy strategy) {
        return ("bench-" + graph + "-" + strategy.name()).toLowerCase(Locale.ROOT);
    }
}
