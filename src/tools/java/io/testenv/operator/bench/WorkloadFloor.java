package io.testenv.operator.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.testenv.operator.planner.model.GoDuration;
import io.testenv.operator.planner.readiness.ObjectView;
import io.testenv.operator.planner.readiness.ReadinessRules;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The no-op operator floor of a scale run: the same workloads (one Deployment per component, the same ready-after)
 * created directly, all of an environment's at once, so that only the controllers and kwok make them ready. Each
 * group of eight is timed from its first create to its last workload Ready (as the operator's readiness rules
 * judge it); the control plane's CPU over the run is its load without the operator.
 *
 * @param count the groups created
 * @param times each complete group's time to Ready
 * @param wall from the first create to the last workload Ready (or the limit)
 * @param cpu CPU seconds over the run
 */
record WorkloadFloor(int count, List<Duration> times, Duration wall, Measurements.Cpu cpu) {

    static final String PREFIX = "floor-";
    static final String LABEL = "testenv.io/bench-floor";

    static WorkloadFloor measure(Bench bench, BenchGraph graph, int count, Duration limit)
            throws IOException, InterruptedException {
        ReadinessRules rules = ReadinessRules.standard();
        Map<String, Instant> readyAt = new ConcurrentHashMap<>();
        Map<String, Instant> created = new ConcurrentHashMap<>();
        SharedIndexInformer<Deployment> informer = bench.client
                .apps()
                .deployments()
                .inAnyNamespace()
                .withLabel(LABEL)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment deployment) {
                        onUpdate(null, deployment);
                    }

                    @Override
                    public void onUpdate(Deployment old, Deployment deployment) {
                        Map<String, Object> content =
                                bench.client.getKubernetesSerialization().convertValue(deployment, Map.class);
                        if (rules.evaluate(new ObjectView(content)).isReady()) {
                            readyAt.putIfAbsent(
                                    deployment.getMetadata().getNamespace() + "/"
                                            + deployment.getMetadata().getName(),
                                    Instant.now());
                        }
                    }

                    @Override
                    public void onDelete(Deployment deployment, boolean unknown) {}
                });
        Measurements.Cpu before = bench.measurements.cpu();
        Instant start = Instant.now();
        ExecutorService creators = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            String ns = PREFIX + i;
            creators.execute(() -> {
                bench.createNamespace(ns);
                created.put(ns, Instant.now());
                for (BenchGraph.Node node : graph.nodes()) {
                    bench.client.resource(workload(node)).inNamespace(ns).create();
                }
            });
        }
        creators.shutdown();
        long deadline = System.nanoTime() + limit.toNanos();
        int workloads = count * graph.nodes().size();
        while (readyAt.size() < workloads && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Duration wall = Duration.between(start, Instant.now());
        Measurements.Cpu cpu = bench.measurements.cpu().minus(before);
        creators.awaitTermination(1, TimeUnit.MINUTES);
        informer.close();
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String ns = PREFIX + i;
            groupTime(
                            created.get(ns),
                            graph.nodes().stream()
                                    .map(n -> readyAt.get(ns + "/" + n.name()))
                                    .toList())
                    .ifPresent(times::add);
        }
        return new WorkloadFloor(count, times, wall, cpu);
    }

    /** From the group's create to its last workload Ready; empty unless every workload was Ready. */
    static Optional<Duration> groupTime(Instant created, List<Instant> readyAt) {
        if (created == null || readyAt.isEmpty() || readyAt.stream().anyMatch(java.util.Objects::isNull)) {
            return Optional.empty();
        }
        return readyAt.stream().max(Instant::compareTo).map(last -> Duration.between(created, last));
    }

    /** Deletes the floor's namespaces and waits until they are gone, so that the run after it starts clean. */
    static Duration cleanUp(Bench bench, int count, Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            bench.client.namespaces().withName(PREFIX + i).delete();
        }
        long deadline = started + limit.toNanos();
        while (System.nanoTime() < deadline
                && bench.client.namespaces().list().getItems().stream()
                        .anyMatch(n -> n.getMetadata().getName().startsWith(PREFIX))) {
            Thread.sleep(1000);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static GenericKubernetesResource workload(BenchGraph.Node node) {
        GenericKubernetesResource deployment = Environments.deployment(
                node.name(), Map.of(Environments.READY_AFTER, GoDuration.format(node.duration())));
        deployment.getMetadata().setLabels(Map.of(LABEL, "true"));
        return deployment;
    }
}
