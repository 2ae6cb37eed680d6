package io.testenv.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.testenv.operator.api.EnvironmentPhase;
import io.testenv.operator.api.Strategy;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.playground.Playground;
import io.testenv.operator.playground.Settings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Brings up the samples and generated graphs under each strategy on the playground, one environment at a time,
 * then N environments at once, and prints the results as Markdown (also written to target/bench/results.md).
 * Run with {@code ./mvnw -Pbench package}; settings {@code bench.speed} (20), {@code bench.scale} (200),
 * {@code bench.run} (all | graphs | scale), {@code bench.seed} (42).
 */
public final class Benchmark {

    /** The operator's histogram of gate latency: from the reconcile that sees a gate open to the apply sent. */
    static final String GATE_HISTOGRAM = "testenv_gate_latency_seconds";

    static final List<Strategy> STRATEGIES = List.of(Strategy.Sequential, Strategy.AllAtOnce, Strategy.Parallel);

    private final double speed;
    private final Playground playground;
    private final KubernetesClient client;
    private final Measurements measurements;
    private final StringBuilder report = new StringBuilder();
    private final StringBuilder breakdowns = new StringBuilder();
    private int runs;

    private Benchmark(double speed, Playground playground, int operatorPort) {
        this.speed = speed;
        this.playground = playground;
        this.client = playground.client();
        this.measurements = new Measurements(playground, operatorPort);
    }

    public static void main(String[] args) throws Exception {
        double speed = Double.parseDouble(setting("bench.speed", "20"));
        int scale = Integer.parseInt(setting("bench.scale", "200"));
        String run = setting("bench.run", "all");
        long seed = Long.parseLong(setting("bench.seed", "42"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path directory = Path.of("target", "bench").toAbsolutePath();
        Settings settings = new Settings(speed, "always", 0, directory, port, setting("bench.operator-jvm", ""));
        int exit = 0;
        try (Playground playground = Playground.start(settings, new PrintStream(OutputStream.nullOutputStream()))) {
            Benchmark benchmark = new Benchmark(speed, playground, port);
            benchmark.awaitOperator();
            benchmark.header(seed);
            if (!run.equals("scale")) {
                benchmark.graphs(seed);
            }
            if (!run.equals("graphs")) {
                benchmark.scale(scale, seed);
            }
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("results.md"), benchmark.report);
            System.out.println("\nwritten to " + directory.resolve("results.md"));
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private void awaitOperator() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (measurements.scrape().contains("testenv_reconciles_total")) { // created at start-up
                    return;
                }
            } catch (IllegalStateException notYet) {
                // the operator is still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the operator did not start; see target/bench/operator.log");
    }

    private void header(long seed) {
        print(
                "# Benchmark results\n\nCluster: kwok (real control plane, fake node). Speed factor %s (simulated "
                        + "durations divided by it; times below are real), seed %d, %d cores, Java %s.%n%n",
                trim(speed), seed, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    private void graphs(long seed) throws Exception {
        Random random = new Random(seed);
        Map<String, BenchGraph> generated = new LinkedHashMap<>();
        generated.put("wide-50", BenchGraph.wide(50, random));
        generated.put("deep-20", BenchGraph.deep(20, random));
        generated.put("diamond", BenchGraph.diamond());
        generated.put("random-30a", BenchGraph.randomDag(30, 0.1, random, "random-30a"));
        generated.put("random-30b", BenchGraph.randomDag(30, 0.1, random, "random-30b"));
        warmUp();
        print("## Graphs, one environment at a time%n%n");
        print("| graph | strategy | time to Ready | critical-path bound | overhead | speed-up vs Sequential "
                + "(best possible) | gate latency p50 / p99 | simulator lag p50 | reconciles | Parallel target |%n");
        print("|---|---|---|---|---|---|---|---|---|---|%n");
        for (String sample : List.of("datastorage", "gateway", "signalprocessing")) {
            if (!setting("bench.graphs", "").isEmpty()
                    && !List.of(setting("bench.graphs", "").split(",")).contains(sample)) {
                continue;
            }
            Map<Strategy, Duration> times = new LinkedHashMap<>();
            for (Strategy strategy : STRATEGIES) {
                String ns = namespace(sample, strategy);
                TestEnvironment env = Environments.sample(sample, strategy, ns, client.getKubernetesSerialization());
                row(sample, strategy, env, Environments.graphOf(sample, env), times);
            }
        }
        String only = setting("bench.graphs", "");
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
        print("%nWhere Parallel's time over the bound goes:%n%n%s%n", breakdowns);
    }

    /**
     * The operator's first environment pays for class loading and JIT compilation: run one before the table, so
     * the first row is not the only cold one, and report what it cost.
     */
    private void warmUp() throws Exception {
        String ns = "bench-warm-up";
        TestEnvironment env =
                Environments.sample("datastorage", Strategy.Parallel, ns, client.getKubernetesSerialization());
        Instant created = Instant.now();
        create(env);
        TestEnvironment done = client.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName(env.getMetadata().getName())
                .waitUntilCondition(
                        e -> e != null
                                && e.getStatus() != null
                                && e.getStatus().getTiming() != null
                                && e.getStatus().getTiming().getReadyAt() != null,
                        5,
                        TimeUnit.MINUTES);
        print(
                "First environment after the operator started (datastorage, Parallel; not in the table): Ready in %s "
                        + "against a bound of %s, first apply %s after create.%n%n",
                seconds(Duration.between(
                        created, Instant.parse(done.getStatus().getTiming().getReadyAt()))),
                seconds(scaled(Environments.graphOf("datastorage", done).bound())),
                millis(Duration.between(
                        created, Instant.parse(done.getStatus().getTiming().getStartedAt()))));
    }

    private void row(
            String name, Strategy strategy, TestEnvironment env, BenchGraph graph, Map<Strategy, Duration> times)
            throws Exception {
        String metricsBefore = measurements.scrape();
        double reconcilesBefore = Measurements.sum(metricsBefore, "testenv_reconciles_total");
        Instant created = Instant.now();
        create(env);
        // a dependent started too early waits up to 300 s (simulated) per back-off
        Duration limit = scaled(graph.sequentialBound()
                        .plus(Duration.ofSeconds(310).multipliedBy(graph.nodes().size())))
                .plusSeconds(60);
        TestEnvironment done;
        try {
            done = client.resources(TestEnvironment.class)
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
            print("| %s | %s | not Ready after %s | | | | | | | |%n", name, strategy, seconds(limit));
            return;
        }
        String metricsAfter = measurements.scrape();
        double reconciles = Measurements.sum(metricsAfter, "testenv_reconciles_total") - reconcilesBefore;
        Double operatorGateP99 = Measurements.percentileBound(
                Measurements.buckets(metricsBefore, GATE_HISTOGRAM),
                Measurements.buckets(metricsAfter, GATE_HISTOGRAM),
                99);
        if (done.getStatus().getPhase() != EnvironmentPhase.Ready) {
            print(
                    "| %s | %s | FAILED: %s | | | | | | | |%n",
                    name, strategy, done.getStatus().getConditions());
            return;
        }
        Duration time = Duration.between(
                created, Instant.parse(done.getStatus().getTiming().getReadyAt()));
        times.put(strategy, time);
        Duration bound = scaled(graph.bound());
        List<Duration> gates =
                strategy == Strategy.AllAtOnce ? List.of() : measurements.gateLatencies(done, gatesOf(graph, strategy));
        Duration target = Duration.ofMillis((long) (bound.toMillis() * 1.02) + 200);
        print(
                "| %s | %s | %s | %s | %.2f× | %s | %s | %s | %.0f | %s |%n",
                name,
                strategy,
                seconds(time),
                seconds(bound),
                (double) time.toMillis() / bound.toMillis(),
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
                millis(Measurements.percentile(measurements.simulatorLags(done), 50)),
                reconciles,
                strategy == Strategy.Parallel
                        ? (time.compareTo(target) <= 0 ? "met" : "missed (≤ " + seconds(target) + ")")
                        : "");
        runs++;
        if (strategy == Strategy.Parallel) {
            breakdowns.append(String.format(
                    Locale.ROOT,
                    "- %s: %s over the bound; first apply %s after create; "
                            + "simulator lag p50 %s; gate latency p50 %s, inside the operator p99 %s%n",
                    name,
                    millis(time.minus(bound)),
                    millis(Duration.between(
                            created, Instant.parse(done.getStatus().getTiming().getStartedAt()))),
                    millis(Measurements.percentile(measurements.simulatorLags(done), 50)),
                    millis(Measurements.percentile(gates, 50)),
                    bucket(operatorGateP99)));
        }
    }

    /** What each component waited for: its dependencies (Parallel), the previous component (Sequential). */
    private static Map<String, List<String>> gatesOf(BenchGraph graph, Strategy strategy) {
        Map<String, List<String>> gates = new LinkedHashMap<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            BenchGraph.Node node = graph.nodes().get(i);
            gates.put(
                    node.name(),
                    strategy == Strategy.Sequential
                            ? (i == 0
                                    ? List.of()
                                    : List.of(graph.nodes().get(i - 1).name()))
                            : node.dependsOn());
        }
        return gates;
    }

    private void scale(int count, long seed) throws Exception {
        BenchGraph graph = BenchGraph.eight(new Random(seed));
        print("## Scale: %d environments of 8 components, created at once (Parallel)%n%n", count);
        Map<String, Instant> created = new ConcurrentHashMap<>();
        Map<String, TestEnvironment> ready = new ConcurrentHashMap<>();
        var informer = client.resources(TestEnvironment.class)
                .inAnyNamespace()
                .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                    @Override
                    public void onAdd(TestEnvironment env) {
                        onUpdate(null, env);
                    }

                    @Override
                    public void onUpdate(TestEnvironment old, TestEnvironment env) {
                        if (env.getMetadata().getNamespace().startsWith("scale-")
                                && env.getStatus() != null
                                && env.getStatus().getPhase() == EnvironmentPhase.Ready) {
                            ready.putIfAbsent(env.getMetadata().getNamespace(), env);
                        }
                    }

                    @Override
                    public void onDelete(TestEnvironment env, boolean unknown) {}
                });
        double cpuBefore = measurements.operatorCpuSeconds();
        double playgroundCpuBefore = measurements.playgroundCpuSeconds();
        Map<String, Double> controlPlaneCpuBefore = measurements.controlPlaneCpuSeconds();
        String metricsBefore = measurements.scrape();
        double reconcilesBefore = Measurements.sum(metricsBefore, "testenv_reconciles_total");
        var gateBucketsBefore = Measurements.buckets(metricsBefore, GATE_HISTOGRAM);
        Instant start = Instant.now();
        ExecutorService creators = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            String ns = "scale-" + i;
            creators.execute(() -> {
                created.put(ns, Instant.now());
                create(Environments.of(graph, Strategy.Parallel, ns, "env"));
            });
        }
        creators.shutdown();
        Duration limit = scaled(graph.sequentialBound()).multipliedBy(4).plusSeconds(300);
        long deadline = System.nanoTime() + limit.toNanos();
        while (ready.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Duration wall = Duration.between(start, Instant.now());
        informer.close();
        double cpu = measurements.operatorCpuSeconds() - cpuBefore;
        double playgroundCpu = measurements.playgroundCpuSeconds() - playgroundCpuBefore;
        Map<String, Double> controlPlaneCpu = new LinkedHashMap<>();
        measurements
                .controlPlaneCpuSeconds()
                .forEach((name, seconds) ->
                        controlPlaneCpu.put(name, seconds - controlPlaneCpuBefore.getOrDefault(name, 0.0)));
        String metricsAfter = measurements.scrape();
        double reconciles = Measurements.sum(metricsAfter, "testenv_reconciles_total") - reconcilesBefore;
        var gateBucketsAfter = Measurements.buckets(metricsAfter, GATE_HISTOGRAM);
        List<Duration> times = new ArrayList<>();
        List<Duration> gates = new ArrayList<>();
        Map<String, List<String>> gateMap = gatesOf(graph, Strategy.Parallel);
        ready.forEach((ns, env) -> {
            times.add(Duration.between(
                    created.get(ns), Instant.parse(env.getStatus().getTiming().getReadyAt())));
            gates.addAll(measurements.gateLatencies(env, gateMap));
        });
        double heap = measurements.operatorHeapAfterGcMiB();
        print("| measure | value |%n|---|---|%n");
        print("| environments Ready | %d of %d |%n", ready.size(), count);
        print("| critical-path bound | %s |%n", seconds(scaled(graph.bound())));
        print(
                "| time to Ready p50 / p99 | %s / %s |%n",
                seconds(Measurements.percentile(times, 50)), seconds(Measurements.percentile(times, 99)));
        print("| all Ready after (wall clock) | %s |%n", seconds(wall));
        print(
                "| gate latency p50 / p99 | %s / %s |%n",
                millis(Measurements.percentile(gates, 50)), millis(Measurements.percentile(gates, 99)));
        print(
                "| gate latency inside the operator p50 / p99 (histogram bucket) | %s / %s |%n",
                bucket(Measurements.percentileBound(gateBucketsBefore, gateBucketsAfter, 50)),
                bucket(Measurements.percentileBound(gateBucketsBefore, gateBucketsAfter, 99)));
        double bringUps = Measurements.sum(metricsAfter, "testenv_reconciles_total{controller=\"bring-up\"")
                - Measurements.sum(metricsBefore, "testenv_reconciles_total{controller=\"bring-up\"");
        print(
                "| reconciles per environment (both controllers; bring-up alone) | %.1f; %.1f |%n",
                reconciles / count, bringUps / count);
        print("%s", Measurements.apiRequestRows(metricsBefore, metricsAfter, count));
        print("| operator CPU seconds | %.1f (%.0f ms per environment) |%n", cpu, cpu * 1000 / count);
        double total = controlPlaneCpu.values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        print(
                "| control plane CPU seconds (kwok cluster) | %.1f (%s) |%n",
                total,
                String.join(
                        ", ",
                        controlPlaneCpu.entrySet().stream()
                                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                                .toList()));
        print("| benchmark process CPU seconds (pod lifecycle helper, benchmark) | %.1f |%n", playgroundCpu);
        print(
                "| CPU split operator : control plane | %.0f%% : %.0f%% |%n",
                100 * cpu / (cpu + total), 100 * total / (cpu + total));
        print("%s%n", Measurements.heapRow(heap, count));
    }

    /** Creates the environment in its own namespace, which a real API server needs to exist first. */
    private void create(TestEnvironment env) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(env.getMetadata().getNamespace())
                        .endMetadata()
                        .build())
                .serverSideApply();
        client.resource(env).create();
    }

    private Duration scaled(Duration duration) {
        return Duration.ofNanos((long) (duration.toNanos() / speed));
    }

    private String namespace(String graph, Strategy strategy) {
        return ("bench-" + graph + "-" + strategy.name()).toLowerCase(Locale.ROOT);
    }

    private void print(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.print(text);
        report.append(text);
    }

    private static String seconds(Duration duration) {
        return duration == null ? "" : String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }

    /** A histogram bucket bound in seconds, as "≤ 16 ms". */
    private static String bucket(Double seconds) {
        if (seconds == null) {
            return "n/a";
        }
        return seconds.isInfinite() ? "> 30 s" : String.format(Locale.ROOT, "≤ %.0f ms", seconds * 1000);
    }

    private static String millis(Duration duration) {
        return duration == null ? "" : String.format(Locale.ROOT, "%d ms", duration.toMillis());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String setting(String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(
                    property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
