package io.testenv.operator.bench;

import io.testenv.operator.playground.Playground;
import io.testenv.operator.playground.Settings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The benchmark on the playground's kwok cluster, printed as Markdown (also written to target/bench/results.md).
 * Run with {@code ./mvnw -Pbench package}; {@code bench.run} chooses what runs:
 * <ul>
 *   <li>{@code all} (default): graphs, then scale;
 *   <li>{@code graphs}: each kind's controller floor, then the samples and generated graphs one at a time
 *       ({@link GraphsRun});
 *   <li>{@code scale}: {@code bench.scale} (200) environments of 8 components at once, after their no-op operator
 *       floor ({@link ScaleRun});
 *   <li>{@code scale1000}: the same with 1000;
 *   <li>{@code fairness}: a canary alone and during a flood of {@code bench.fairness.flood} (200) environments
 *       ({@link FairnessRun});
 *   <li>{@code restart}: the operator restarted with {@code bench.restart.envs} (1000) Ready environments
 *       ({@link RestartRun}).
 * </ul>
 * Other settings: {@code bench.speed} (20), {@code bench.seed} (42), {@code bench.graphs} (a comma-separated
 * subset), {@code bench.floor} (true: the scale runs measure their no-op operator floor first),
 * {@code bench.audit} (true: the API server logs the operator's requests), {@code bench.operator-jvm}.
 */
public final class Benchmark {

    /** The operator's histogram of gate latency: from the reconcile that sees a gate open to the apply sent. */
    static final String GATE_HISTOGRAM = "testenv_gate_latency_seconds";

    static final List<String> RUNS = List.of("all", "graphs", "scale", "scale1000", "fairness", "restart");

    private Benchmark() {}

    public static void main(String[] args) throws Exception {
        double speed = Double.parseDouble(Bench.setting("bench.speed", "20"));
        String run = Bench.setting("bench.run", "all");
        long seed = Long.parseLong(Bench.setting("bench.seed", "42"));
        if (!RUNS.contains(run)) {
            System.err.println("bench.run must be one of " + RUNS + ", not " + run);
            System.exit(2);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path directory = Path.of("target", "bench").toAbsolutePath();
        Files.createDirectories(directory);
        boolean audited = Boolean.parseBoolean(Bench.setting("bench.audit", "true"));
        AuditLog audit = audited ? new AuditLog(directory.resolve("audit.log")) : null;
        Map<String, String> apiServerFlags = audited ? AuditLog.apiServerFlags(audit.file()) : Map.of();
        Settings settings = new Settings(speed, "always", 0, directory, port, Bench.setting("bench.operator-jvm", ""));
        Report report = new Report();
        int exit = 0;
        try (Playground playground =
                Playground.start(settings, apiServerFlags, new PrintStream(OutputStream.nullOutputStream()))) {
            Bench bench = new Bench(speed, seed, playground, new Measurements(playground, port), report, audit);
            bench.awaitOperator();
            if (audited) {
                Path kubeconfig = OperatorUser.kubeconfig(
                        bench.client, playground.kubeconfig(), directory.resolve("operator-kubeconfig"));
                playground.restartOperatorWith(Map.of("KUBECONFIG", kubeconfig.toString()));
                bench.awaitOperator();
            }
            header(bench, run);
            switch (run) {
                case "graphs" -> new GraphsRun(bench).run();
                case "scale" -> new ScaleRun(bench).run(Bench.intSetting("bench.scale", 200));
                case "scale1000" -> new ScaleRun(bench).run(Bench.intSetting("bench.scale", 1000));
                case "fairness" -> new FairnessRun(bench).run(Bench.intSetting("bench.fairness.flood", 200));
                case "restart" -> new RestartRun(bench).run(Bench.intSetting("bench.restart.envs", 1000));
                default -> {
                    new GraphsRun(bench).run();
                    new ScaleRun(bench).run(Bench.intSetting("bench.scale", 200));
                }
            }
            Files.writeString(directory.resolve("results.md"), report.text());
            System.out.println("\nwritten to " + directory.resolve("results.md"));
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private static void header(Bench bench, String run) {
        bench.print(
                "# Benchmark results (%s)%n%nCluster: kwok (real control plane, fake node). Speed factor %s "
                        + "(simulated durations divided by it; times below are real), seed %d, %d cores, Java %s. "
                        + "%s%n%n",
                run,
                Report.trim(bench.speed),
                bench.seed,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                bench.audit.isPresent()
                        ? "The operator acts as " + AuditLog.OPERATOR_USER + ", whose requests the API server's "
                                + "audit log records (level Metadata, nobody else's)."
                        : "No audit log.");
    }
}
