package io.testenv.operator.playground;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.PodLifecycle;
import io.testenv.operator.reconciler.Labels;
import io.testenv.operator.planner.GoDuration;
import io.testenv.operator.testing.Controllers;

/**
 * What the kubelet and the built-in controllers would do, for the playground, only through the API: workloads
 * become ready after a duration (annotation {@value #READY_AFTER}, default 2 s, divided by the speed factor),
 * fail when asked ({@value #FAIL}: ImagePullBackOff, CrashLoopBackOff or JobFailed), and with {@value #REQUIRES}
 * crash and restart with the kubelet's back-off (10 s doubling to 300 s) until the components they need are
 * ready: they start at their first restart after that, and are ready their ready-after duration later.
 */
final class WorkloadSimulator implements AutoCloseable {

    /** The contract: the same annotations, labels and back-off as on the kwok cluster. */
    static final String READY_AFTER = PodLifecycle.READY_AFTER;
    static final String FAIL = PodLifecycle.FAIL;
    static final String REQUIRES = PodLifecycle.REQUIRES;
    static final String SIMULATED = "playground.testenv.io/simulated";
    static final String ENVIRONMENT = Labels.ENVIRONMENT;
    static final String ENVIRONMENT_NAMESPACE = Labels.ENVIRONMENT_NAMESPACE;
    static final String COMPONENT = Labels.COMPONENT;
    static final Duration FIRST_BACKOFF = PodLifecycle.FIRST_BACKOFF;
    static final Duration MAX_BACKOFF = PodLifecycle.MAX_BACKOFF;

    private static final List<String[]> KINDS = List.of(new String[] {"apps/v1", "Deployment"},
            new String[] {"apps/v1", "StatefulSet"}, new String[] {"apps/v1", "DaemonSet"},
            new String[] {"apps/v1", "ReplicaSet"}, new String[] {"batch/v1", "Job"}, new String[] {"v1", "Pod"},
            new String[] {"v1", "PersistentVolumeClaim"},
            new String[] {"apiextensions.k8s.io/v1", "CustomResourceDefinition"});

    private final KubernetesClient client;
    private final Settings settings;
    private final Controllers controllers;
    private final Consumer<String> warnings;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "playground-simulator");
        thread.setDaemon(true);
        return thread;
    });
    /** The generation each object was last scheduled for: a newer spec reschedules, a stale task is dropped. */
    private final Map<String, Long> scheduled = new ConcurrentHashMap<>();
    /** Simulated objects of each component ({@code namespace/environment/component}), and when each got ready. */
    private final Map<String, Set<String>> componentObjects = new ConcurrentHashMap<>();
    private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<TestEnvironment> environments;

    WorkloadSimulator(KubernetesClient client, Settings settings, Consumer<String> warnings) {
        this.client = client;
        this.settings = settings;
        this.controllers = new Controllers(client);
        this.warnings = warnings;
    }

    void start() {
        environments = client.resources(TestEnvironment.class).inAnyNamespace().inform();
        informers.add(environments);
        for (String[] kind : KINDS) {
            var resources = client.genericKubernetesResources(kind[0], kind[1]);
            informers.add((kind[1].equals("CustomResourceDefinition") ? resources : resources.inAnyNamespace())
                    .inform(new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(GenericKubernetesResource object) {
                            observe(kind[1], object);
                        }

                        @Override
                        public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource object) {
                            observe(kind[1], object);
                        }

                        @Override
                        public void onDelete(GenericKubernetesResource object, boolean unknown) {
                            String key = key(kind[1], object);
                            scheduled.remove(key);
                            readyAt.remove(key);
                            firstSeen.remove(key);
                            componentObjects.values().forEach(objects -> objects.remove(key));
                        }
                    }));
        }
    }

    private void observe(String kind, GenericKubernetesResource object) {
        Map<String, String> annotations = Optional.ofNullable(object.getMetadata().getAnnotations()).orElse(Map.of());
        if (object.getMetadata().getDeletionTimestamp() != null || annotations.containsKey(SIMULATED)
                || alreadyEstablished(kind, object)) {
            return;
        }
        long generation = Optional.ofNullable(object.getMetadata().getGeneration()).orElse(1L);
        String key = key(kind, object);
        firstSeen.putIfAbsent(key, Instant.now());
        componentKey(object.getMetadata().getNamespace(), labels(object), labels(object).get(COMPONENT))
                .ifPresent(c -> componentObjects.computeIfAbsent(c, k -> ConcurrentHashMap.newKeySet()).add(key));
        Long previous = scheduled.put(key, generation);
        if (previous != null && previous == generation) {
            return;
        }
        Duration readyAfter = settings.scaled(Optional.ofNullable(annotations.get(READY_AFTER))
                .flatMap(GoDuration::parse).orElse(Settings.DEFAULT_READY_AFTER));
        Workload workload = new Workload(kind, object.getMetadata().getNamespace(), object.getMetadata().getName(),
                generation, key, labels(object), readyAfter);
        String failure = annotations.get(FAIL);
        List<String> requires = Optional.ofNullable(annotations.get(REQUIRES))
                .map(r -> Arrays.stream(r.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        if (failure != null) {
            fail(workload, failure);
        } else if (!requires.isEmpty()) {
            crashUntilReady(workload, requires, 0, FIRST_BACKOFF);
        } else {
            later(workload, readyAfter, () -> markReady(workload));
        }
    }

    /** Marks the object ready; its ready time is taken before the write, so measured latencies include it. */
    private void markReady(Workload workload) {
        // Recorded before the write, as a kubelet's container runs before its status says so: the operator may see
        // the write and apply a dependent before this thread returns from it, and that dependent must find its
        // requirement ready, not crash into a back-off.
        readyAt.put(workload.key(), Instant.now());
        controllers.markReady(workload.kind(), workload.namespace(), workload.name());
    }

    /** When the simulator first saw an object and when it wrote it ready, for measurements. */
    Optional<Instant> readyWrittenAt(String kind, String namespace, String name) {
        return Optional.ofNullable(readyAt.get(kind + "/" + namespace + "/" + name));
    }

    Optional<Instant> firstSeenAt(String kind, String namespace, String name) {
        return Optional.ofNullable(firstSeen.get(kind + "/" + namespace + "/" + name));
    }

    private static Optional<String> componentKey(String namespace, Map<String, String> labels, String component) {
        String environment = labels.get(ENVIRONMENT);
        if (environment == null || component == null) {
            return Optional.empty();
        }
        return Optional.of(labels.getOrDefault(ENVIRONMENT_NAMESPACE, namespace) + "/" + environment + "/" + component);
    }

    /** CRDs installed before the playground ran (its own TestEnvironment CRD) need nothing. */
    @SuppressWarnings("unchecked")
    private static boolean alreadyEstablished(String kind, GenericKubernetesResource object) {
        if (!kind.equals("CustomResourceDefinition")) {
            return false;
        }
        Object status = object.getAdditionalProperties().get("status");
        Object conditions = status instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("conditions") : null;
        return conditions instanceof List<?> list && list.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Established".equals(m.get("type")) && "True".equals(m.get("status")));
    }

    private record Workload(String kind, String namespace, String name, long generation, String key,
            Map<String, String> labels, Duration readyAfter) {

        String podName() {
            return kind.equals("Pod") ? name : kind.equals("StatefulSet") ? name + "-0" : name + "-sim";
        }
    }

    private void fail(Workload workload, String failure) {
        switch (failure) {
            case "JobFailed" -> later(workload, workload.readyAfter(), () -> controllers.failJob(workload.namespace(),
                    workload.name(), "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
            case "ImagePullBackOff" -> later(workload, Duration.ZERO, () -> podWaiting(workload, "ImagePullBackOff",
                    "Back-off pulling image: image not found (simulated)", 0));
            case "CrashLoopBackOff" -> later(workload, Duration.ZERO, () -> podWaiting(workload, "CrashLoopBackOff",
                    "back-off 10s restarting failed container (simulated)", 1));
            default -> warnings.accept(workload.kind() + " " + workload.namespace() + "/" + workload.name() + ": "
                    + FAIL + " '" + failure + "' is not one of ImagePullBackOff, CrashLoopBackOff, JobFailed; ignored");
        }
    }

    /**
     * The container starts and crashes while a required component is not ready; the kubelet restarts it after
     * 10 s, 20 s, 40 s... (at most 300 s). The first restart that finds every requirement ready starts it for good.
     */
    private void crashUntilReady(Workload workload, List<String> requires, int restarts, Duration nextBackoff) {
        if (requirementsReady(workload, requires)) {
            later(workload, workload.readyAfter(), () -> {
                markReady(workload);
                if (!workload.kind().equals("Pod") && podExists(workload)) {
                    controllers.markPodReady(workload.namespace(), workload.podName());
                }
            });
            return;
        }
        later(workload, Duration.ZERO, () -> podWaiting(workload, "CrashLoopBackOff", "back-off "
                + GoDuration.format(nextBackoff) + " restarting failed container: needs " + String.join(", ", requires),
                restarts));
        Duration following = nextBackoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                : nextBackoff.multipliedBy(2);
        later(workload, settings.scaled(nextBackoff),
                () -> crashUntilReady(workload, requires, restarts + 1, following));
    }

    /**
     * A required component is ready when every simulated object of it is (the simulator made them so); a component
     * without simulated objects (ConfigMaps, Services...) is ready once its environment's status says so.
     */
    private boolean requirementsReady(Workload workload, List<String> requires) {
        List<String> unknown = new ArrayList<>();
        for (String required : requires) {
            Optional<String> component = componentKey(workload.namespace(), workload.labels(), required);
            if (component.isEmpty()) {
                return false;
            }
            Set<String> objects = componentObjects.getOrDefault(component.get(), Set.of());
            if (objects.isEmpty()) {
                unknown.add(required);
            } else if (!readyAt.keySet().containsAll(objects)) {
                return false;
            }
        }
        return unknown.isEmpty() || reportedReady(workload, unknown);
    }

    private boolean reportedReady(Workload workload, List<String> requires) {
        String environment = workload.labels().get(ENVIRONMENT);
        String namespace = workload.labels().getOrDefault(ENVIRONMENT_NAMESPACE, workload.namespace());
        if (environment == null) {
            return false;
        }
        TestEnvironment env = environments.getIndexer().getByKey(namespace + "/" + environment);
        if (env == null || env.getStatus() == null || env.getStatus().getConditions() == null) {
            return false;
        }
        Set<String> ready = new java.util.HashSet<>();
        env.getStatus().getConditions().stream().filter(c -> "True".equals(c.getStatus()))
                .forEach(c -> ready.add(c.getType()));
        return requires.stream().allMatch(r -> ready.contains("component.testenv.io/" + r));
    }

    /** The workload's pod (created like its controller would) waits with this reason. */
    private void podWaiting(Workload workload, String reason, String message, int restarts) {
        if (!workload.kind().equals("Pod") && !podExists(workload)) {
            controllers.createPodOf(apiVersionOf(workload.kind()), workload.kind(), workload.namespace(),
                    workload.name(), workload.podName(), Map.of(SIMULATED, "true"));
        }
        controllers.setPodWaiting(workload.namespace(), workload.podName(), "main", reason, message, restarts);
    }

    private boolean podExists(Workload workload) {
        return client.pods().inNamespace(workload.namespace()).withName(workload.podName()).get() != null;
    }

    /** Runs the step after the delay unless the object was deleted or changed generation meanwhile. */
    private void later(Workload workload, Duration delay, Runnable step) {
        scheduler.schedule(() -> {
            Long current = scheduled.get(workload.key());
            if (current == null || current != workload.generation()) {
                return;
            }
            try {
                step.run();
            } catch (RuntimeException e) {
                warnings.accept("simulating " + workload.kind() + " " + workload.namespace() + "/" + workload.name()
                        + ": " + e.getMessage());
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static String apiVersionOf(String kind) {
        return KINDS.stream().filter(k -> k[1].equals(kind)).findFirst().map(k -> k[0]).orElseThrow();
    }

    private static Map<String, String> labels(GenericKubernetesResource object) {
        return Optional.ofNullable(object.getMetadata().getLabels()).orElse(Map.of());
    }

    private static String key(String kind, GenericKubernetesResource object) {
        return kind + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        informers.forEach(SharedIndexInformer::close);
    }
}
