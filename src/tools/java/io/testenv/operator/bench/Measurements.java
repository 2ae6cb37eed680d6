package io.testenv.operator.bench;

import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.ObjectStatus;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.playground.Playground;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads: the operator's metrics and process, and latencies from recorded times. */
final class Measurements {

    private final Playground playground;
    private final int operatorPort;
    private final HttpClient http = HttpClient.newHttpClient();

    Measurements(Playground playground, int operatorPort) {
        this.playground = playground;
        this.operatorPort = operatorPort;
    }

    String scrape() {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operatorPort + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot scrape the operator's metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The report's rows for the operator's API requests between two scrapes: per environment, all and the writes,
     * then by verb and resource (those at 0.05 per environment or more, most first).
     */
    static String apiRequestRows(String before, String after, int environments) {
        Map<String, Double> requests = apiRequestsBetween(before, after);
        double all = requests.values().stream().mapToDouble(Double::doubleValue).sum();
        double writes = requests.entrySet().stream()
                .filter(e -> e.getKey().matches("(create|update|patch|delete|deletecollection) .*"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        String byKind = String.join(
                ", ",
                requests.entrySet().stream()
                        .filter(e -> e.getValue() / environments >= 0.05)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .map(e -> String.format(
                                java.util.Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / environments))
                        .toList());
        return String.format(
                java.util.Locale.ROOT,
                "| operator API requests per environment (writes) | %.1f (%.1f) |%n| of which, per environment | %s |%n",
                all / environments,
                writes / environments,
                byKind);
    }

    /** The operator's API requests by "verb resource" between two scrapes (the codes summed). */
    static Map<String, Double> apiRequestsBetween(String before, String after) {
        Map<String, Double> earlier = apiRequests(before);
        Map<String, Double> requests = new TreeMap<>();
        apiRequests(after).forEach((key, value) -> requests.put(key, value - earlier.getOrDefault(key, 0.0)));
        return requests;
    }

    /**
     * The operator's API requests by "verb resource" (the codes summed), from {@code testenv_api_requests_total}.
     */
    private static Map<String, Double> apiRequests(String metrics) {
        Map<String, Double> result = new TreeMap<>();
        Matcher matcher = Pattern.compile("(?m)^testenv_api_requests_total\\{([^}]*)} ([0-9.eE+-]+)$")
                .matcher(metrics);
        while (matcher.find()) {
            String labels = matcher.group(1);
            String key = label(labels, "verb") + " " + label(labels, "resource");
            result.merge(key, Double.parseDouble(matcher.group(2)), Double::sum);
        }
        return result;
    }

    private static String label(String labels, String name) {
        Matcher matcher = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** A counter's series summed by the value of one label ({@code controller} of the reconciles). */
    static Map<String, Double> byLabel(String metrics, String metric, String labelName) {
        Map<String, Double> result = new TreeMap<>();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} ([0-9.eE+-]+)$")
                .matcher(metrics);
        while (matcher.find()) {
            result.merge(label(matcher.group(1), labelName), Double.parseDouble(matcher.group(2)), Double::sum);
        }
        return result;
    }

    /** The sum of a metric's series whose line starts with the given text. */
    static double sum(String metrics, String prefix) {
        double total = 0;
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(prefix) + ".* ([0-9.eE+-]+)$")
                .matcher(metrics);
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    /** The cumulative bucket counts of a Prometheus histogram, by upper bound in seconds. */
    static NavigableMap<Double, Double> buckets(String metrics, String histogram) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        Matcher matcher = Pattern.compile(
                        "(?m)^" + Pattern.quote(histogram) + "_bucket\\{.*le=\"([^\"]+)\".*\\} ([0-9.eE+-]+)$")
                .matcher(metrics);
        while (matcher.find()) {
            double le =
                    matcher.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(matcher.group(1));
            buckets.merge(le, Double.parseDouble(matcher.group(2)), Double::sum);
        }
        return buckets;
    }

    /**
     * The bucket bound, in seconds, that holds the given percentile of what was recorded between two scrapes of a
     * histogram (a histogram keeps no exact values): 0.016 reads "p99 ≤ 16 ms". Infinite beyond the largest
     * finite bucket; null when nothing was recorded.
     */
    static Double percentileBound(
            NavigableMap<Double, Double> before, NavigableMap<Double, Double> after, double percentile) {
        double total = after.isEmpty() ? 0 : after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
        if (total <= 0) {
            return null;
        }
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            if (bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0) >= percentile / 100.0 * total) {
                return bucket.getKey();
            }
        }
        return null;
    }

    /**
     * CPU seconds used so far (or between two samples, {@link #minus}): the operator process, this process (the
     * pod lifecycle helper and the benchmark), and each control-plane process.
     */
    record Cpu(double operator, double benchmark, Map<String, Double> controlPlane) {

        double controlPlaneTotal() {
            return controlPlane.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
        }

        Cpu minus(Cpu before) {
            Map<String, Double> plane = new TreeMap<>();
            controlPlane.forEach(
                    (name, seconds) -> plane.put(name, seconds - before.controlPlane.getOrDefault(name, 0.0)));
            return new Cpu(operator - before.operator, benchmark - before.benchmark, plane);
        }

        /** "190.6 (etcd 17.7, kube-apiserver 148.0, ...)". */
        String describeControlPlane() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%.1f (%s)",
                    controlPlaneTotal(),
                    String.join(
                            ", ",
                            controlPlane.entrySet().stream()
                                    .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                                    .toList()));
        }
    }

    Cpu cpu() throws IOException {
        return new Cpu(operatorCpuSeconds(), playgroundCpuSeconds(), controlPlaneCpuSeconds());
    }

    /** CPU seconds (user + system) the operator process has used, from /proc. */
    double operatorCpuSeconds() throws IOException {
        return cpuSeconds(playground.operatorPid());
    }

    /**
     * CPU seconds of this process: the playground (the pod lifecycle helper and the progress printer) and the
     * benchmark itself.
     */
    double playgroundCpuSeconds() throws IOException {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /** CPU seconds of each control-plane process (etcd, kube-apiserver, ...). */
    Map<String, Double> controlPlaneCpuSeconds() {
        Map<String, Double> cpu = new java.util.TreeMap<>();
        playground.controlPlaneProcesses().forEach((name, pid) -> {
            try {
                cpu.put(name, cpuSeconds(pid));
            } catch (IOException e) {
                cpu.put(name, 0.0);
            }
        });
        return cpu;
    }

    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** The operator's heap in use right after a full GC (jcmd GC.run, then its metrics). */
    double operatorHeapAfterGcMiB() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(playground.operatorPid()),
                        "GC.run")
                .redirectErrorStream(true)
                .start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        return sum(scrape(), "jvm_memory_used_bytes{area=\"heap\"") / (1024 * 1024);
    }

    /**
     * End-to-end gate latency of each gated component: from the moment the first pod of the last of its gates'
     * workloads was seen ready (or, for a dependency without pods, its apply) to the dependent's apply.
     *
     * @param gates component to the components it waited for
     */
    List<Duration> gateLatencies(TestEnvironment env, Map<String, List<String>> gates) {
        List<Duration> latencies = new ArrayList<>();
        for (ComponentStatus component : env.getStatus().getComponents()) {
            List<String> waitedFor = gates.getOrDefault(component.getName(), List.of());
            if (waitedFor.isEmpty() || component.getAppliedAt() == null) {
                continue;
            }
            Optional<Instant> opened = waitedFor.stream()
                    .map(d -> readyTime(env, d))
                    .flatMap(Optional::stream)
                    .max(Comparator.naturalOrder());
            opened.ifPresent(o -> latencies.add(Duration.between(o, Instant.parse(component.getAppliedAt()))));
        }
        return latencies;
    }

    /** From each component's apply to the first pod of its workloads: the controllers' and the playground's lag. */
    List<Duration> simulatorLags(TestEnvironment env) {
        List<Duration> lags = new ArrayList<>();
        for (ComponentStatus component : env.getStatus().getComponents()) {
            for (ObjectStatus object : component.getObjects()) {
                playground
                        .simulatorSaw(object.getKind(), object.getNamespace(), object.getName())
                        .ifPresent(seen -> lags.add(Duration.between(Instant.parse(component.getAppliedAt()), seen)));
            }
        }
        return lags;
    }

    private Optional<Instant> readyTime(TestEnvironment env, String componentName) {
        ComponentStatus component = env.getStatus().getComponents().stream()
                .filter(c -> c.getName().equals(componentName))
                .findFirst()
                .orElseThrow();
        Optional<Instant> simulated = component.getObjects().stream()
                .map(o -> playground.simulatorMadeReady(o.getKind(), o.getNamespace(), o.getName()))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        return simulated.or(() -> Optional.ofNullable(component.getAppliedAt()).map(Instant::parse));
    }

    static Duration percentile(List<Duration> values, double percentile) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
