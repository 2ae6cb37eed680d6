package io.testenv.operator.controlplane;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.model.GoDuration;
import io.testenv.operator.reconciler.marks.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries the playground annotations of a workload down to its pods on the kwok cluster, as the kubelet's
 * half of the simulation: for each new pod it finds the annotations on the pod or its workload (through the owner
 * references: ReplicaSet to Deployment, StatefulSet, Job, DaemonSet), scales the durations by the speed factor and
 * writes the pod's fate as annotations that the kwok Stages ({@code kwok/stages.yaml}) carry out: when it runs
 * ({@value #START_AT}), how it fails ({@value #POD_FAIL}), or that it crash-loops ({@value #CRASHING}) while a
 * component it requires is not ready, restarted with the kubelet's back-off (10 s doubling, at most 300 s); a
 * pod that is never restarted ({@code restartPolicy: Never}, a Job's) fails instead, and its Job retries it.
 * It never writes a status: kwok writes the pods', and the real controllers everything else.
 */
public final class PodLifecycle implements AutoCloseable {

    public static final String READY_AFTER = "playground.testenv.io/ready-after";
    public static final String FAIL = "playground.testenv.io/fail";
    public static final String REQUIRES = "playground.testenv.io/requires";
    static final String START_AT = "playground.testenv.io/start-at";
    static final String POD_FAIL = "playground.testenv.io/pod-fail";
    static final String CRASHING = "playground.testenv.io/crashing";
    static final String RESTARTS = "playground.testenv.io/restarts";
    static final Duration DEFAULT_READY_AFTER = Duration.ofSeconds(2);
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(300);
    static final List<String> FAILURES = List.of("ImagePullBackOff", "CrashLoopBackOff", "JobFailed");
    /** The controllers between a pod and its workload (the chain ends at the environment that owns the workload). */
    static final List<String> WORKLOADS =
            List.of("ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob");

    private final KubernetesClient client;
    private final double speed;
    private final Consumer<String> warnings;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "playground-pod-lifecycle");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService deciders = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "playground-pod-decider");
        thread.setDaemon(true);
        return thread;
    });
    /** Pods decided, by uid: each pod's fate is written once (a crash loop's restarts are rescheduled). */
    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();
    /** Per workload ({@code Kind/namespace/name}): when a pod of it was first seen, and first seen ready. */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
    private final Map<String, String> workloadOfPod = new ConcurrentHashMap<>();
    /** The informer index of pods by the component they belong to ({@link #componentKey}). */
    private static final String BY_COMPONENT = "component";

    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<TestEnvironment> environments;

    public PodLifecycle(KubernetesClient client, double speed, Consumer<String> warnings) {
        this.client = client;
        this.speed = speed;
        this.warnings = warnings;
    }

    public void start() {
        environments = client.resources(TestEnvironment.class).inAnyNamespace().inform();
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        pods.addIndexers(
                Map.of(BY_COMPONENT, pod -> componentKey(pod).map(List::of).orElse(List.of())));
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                observe(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                observe(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                decided.remove(pod.getMetadata().getUid());
                workloadOfPod.remove(pod.getMetadata().getUid());
            }
        });
        pods.run();
    }

    /** {@code namespace/environment/component} of a pod of an environment, from the labels the operator stamps. */
    private static Optional<String> componentKey(Pod pod) {
        Map<String, String> labels =
                Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        return Optional.ofNullable(labels.get(Labels.ENVIRONMENT))
                .flatMap(environment -> Optional.ofNullable(labels.get(Labels.COMPONENT))
                        .map(component -> componentKey(
                                labels.getOrDefault(
                                        Labels.ENVIRONMENT_NAMESPACE,
                                        pod.getMetadata().getNamespace()),
                                environment,
                                component)));
    }

    private static String componentKey(String namespace, String environment, String component) {
        return namespace + "/" + environment + "/" + component;
    }

    /** When a pod of the workload was first seen (empty if none was). */
    public Optional<Instant> firstSeenAt(String kind, String namespace, String name) {
        return Optional.ofNullable(firstSeen.get(kind + "/" + namespace + "/" + name));
    }

    /** When a pod of the workload was first seen ready, or succeeded (empty if none was). */
    public Optional<Instant> readyAt(String kind, String namespace, String name) {
        return Optional.ofNullable(readyAt.get(kind + "/" + namespace + "/" + name));
    }

    private void observe(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        String workload = workloadOfPod.get(uid);
        if (workload != null && (ready(pod) || "Succeeded".equals(phase(pod)))) {
            readyAt.putIfAbsent(workload, Instant.now());
        }
        if (decided.putIfAbsent(uid, Boolean.TRUE) != null) {
            return;
        }
        Instant seen = Instant.now();
        // Off the informer's thread: finding the workload takes a GET or two per pod.
        deciders.execute(() -> decide(pod, uid, seen));
    }

    private void decide(Pod pod, String uid, Instant seen) {
        try {
            Owner owner = owner(pod);
            workloadOfPod.put(uid, owner.key());
            firstSeen.putIfAbsent(owner.key(), seen);
            decide(pod, owner, seen);
        } catch (RuntimeException e) {
            if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 404) {
                // the pod, or the workload it belonged to, is gone: nothing left to decide
                return;
            }
            warnings.accept("pod " + pod.getMetadata().getNamespace() + "/"
                    + pod.getMetadata().getName() + ": " + e.getMessage() + "; trying again in 1 s");
            scheduler.schedule(() -> deciders.execute(() -> decide(pod, uid, seen)), 1, TimeUnit.SECONDS);
        }
    }

    private void decide(Pod pod, Owner owner, Instant seen) {
        Map<String, String> annotations = owner.annotations();
        Duration readyAfter = scaled(Optional.ofNullable(annotations.get(READY_AFTER))
                .flatMap(GoDuration::parse)
                .orElse(DEFAULT_READY_AFTER));
        String failure = annotations.get(FAIL);
        List<String> requires = Optional.ofNullable(annotations.get(REQUIRES))
                .map(r -> Arrays.stream(r.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
        Map<String, String> fate = new HashMap<>();
        if (failure != null && FAILURES.contains(failure)) {
            fate.put(POD_FAIL, failure);
            fate.put(START_AT, seen.plus(readyAfter).toString());
        } else if (failure != null) {
            warnings.accept(owner.key() + ": " + FAIL + " '" + failure + "' is not one of " + FAILURES + "; ignored");
            fate.put(START_AT, seen.plus(readyAfter).toString());
        } else if (!requires.isEmpty() && !requirementsReady(pod, requires)) {
            if ("Never".equals(pod.getSpec().getRestartPolicy())) {
                // Not restarted by the kubelet: the pod fails, and its Job retries it with its own back-off.
                fate.put(POD_FAIL, "JobFailed");
                fate.put(START_AT, seen.toString());
            } else {
                fate.put(CRASHING, "1");
            }
        } else {
            fate.put(START_AT, seen.plus(readyAfter).toString());
        }
        annotate(pod, fate);
        if (fate.containsKey(CRASHING)) {
            scheduler.schedule(
                    () -> restart(pod, requires, readyAfter, 1, FIRST_BACKOFF),
                    scaled(FIRST_BACKOFF).toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** The kubelet restarts the crashed container: it runs for good if what it requires is ready now. */
    private void restart(Pod pod, List<String> requires, Duration readyAfter, int restarts, Duration backoff) {
        Pod current = pods.getIndexer()
                .getByKey(pod.getMetadata().getNamespace() + "/"
                        + pod.getMetadata().getName());
        if (current == null
                || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())
                || current.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        try {
            if (requirementsReady(current, requires)) {
                Map<String, String> fate = new HashMap<>();
                fate.put(CRASHING, null);
                fate.put(RESTARTS, String.valueOf(restarts));
                fate.put(START_AT, Instant.now().plus(readyAfter).toString());
                annotate(current, fate);
                return;
            }
            annotate(current, Map.of(CRASHING, String.valueOf(restarts + 1)));
        } catch (RuntimeException e) {
            warnings.accept("pod " + pod.getMetadata().getName() + ": " + e.getMessage());
        }
        Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        scheduler.schedule(
                () -> restart(pod, requires, readyAfter, restarts + 1, next),
                scaled(backoff).toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * A required component is ready when it has pods and all of them are ready (what a client of it would find),
     * or, for a component without pods (ConfigMaps, Services...), when its environment's status says so.
     */
    private boolean requirementsReady(Pod pod, List<String> requires) {
        Map<String, String> labels =
                Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        String environment = labels.get(Labels.ENVIRONMENT);
        String namespace = labels.getOrDefault(
                Labels.ENVIRONMENT_NAMESPACE, pod.getMetadata().getNamespace());
        if (environment == null) {
            return false;
        }
        List<String> withoutPods = new ArrayList<>();
        for (String required : requires) {
            List<Pod> of =
                    pods.getIndexer().byIndex(BY_COMPONENT, componentKey(namespace, environment, required)).stream()
                            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                            .toList();
            // a failed pod is a dead attempt (a Job's, kept for its record): the live ones decide
            List<Pod> live = of.stream().filter(p -> !"Failed".equals(phase(p))).toList();
            if (of.isEmpty()) {
                withoutPods.add(required);
            } else if (live.isEmpty() || !live.stream().allMatch(p -> ready(p) || "Succeeded".equals(phase(p)))) {
                return false;
            }
        }
        if (withoutPods.isEmpty()) {
            return true;
        }
        TestEnvironment env = environments.getIndexer().getByKey(namespace + "/" + environment);
        if (env == null || env.getStatus() == null || env.getStatus().getConditions() == null) {
            return false;
        }
        return withoutPods.stream()
                .allMatch(r -> env.getStatus().getConditions().stream()
                        .anyMatch(
                                c -> c.getType().equals("component.testenv.io/" + r) && "True".equals(c.getStatus())));
    }

    private void annotate(Pod pod, Map<String, String> annotations) {
        Map<String, Object> patch = Map.of("metadata", Map.of("annotations", annotations));
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        client.getKubernetesSerialization().asJson(patch));
    }

    /**
     * The workload at the top of the pod's controller chain (a Deployment rather than its ReplicaSet), and the
     * playground annotations of the highest object of the chain that carries any (the pod's own for a bare pod).
     */
    private Owner owner(Pod pod) {
        List<HasMetadata> chain = new ArrayList<>(List.of(pod));
        List<String> kinds = new ArrayList<>(List.of("Pod"));
        for (int depth = 0; depth < 3; depth++) {
            HasMetadata object = chain.get(chain.size() - 1);
            Optional<OwnerReference> controller = Optional.ofNullable(
                            object.getMetadata().getOwnerReferences())
                    .flatMap(refs -> refs.stream()
                            .filter(r -> Boolean.TRUE.equals(r.getController()))
                            .findFirst())
                    .filter(r -> WORKLOADS.contains(r.getKind()));
            if (controller.isEmpty()) {
                break;
            }
            HasMetadata next = client.genericKubernetesResources(
                            controller.get().getApiVersion(), controller.get().getKind())
                    .inNamespace(pod.getMetadata().getNamespace())
                    .withName(controller.get().getName())
                    .get();
            if (next == null) {
                break;
            }
            chain.add(next);
            kinds.add(controller.get().getKind());
        }
        HasMetadata top = chain.get(chain.size() - 1);
        Map<String, String> annotations = Map.of();
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (hasPlaygroundAnnotations(chain.get(i))) {
                annotations = chain.get(i).getMetadata().getAnnotations();
                break;
            }
        }
        return new Owner(
                kinds.get(kinds.size() - 1) + "/" + pod.getMetadata().getNamespace() + "/"
                        + top.getMetadata().getName(),
                annotations);
    }

    private static boolean hasPlaygroundAnnotations(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null
                && (annotations.containsKey(READY_AFTER)
                        || annotations.containsKey(FAIL)
                        || annotations.containsKey(REQUIRES));
    }

    private record Owner(String key, Map<String, String> annotations) {}

    private Duration scaled(Duration duration) {
        return Duration.ofNanos((long) (duration.toNanos() / speed));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    @Override
    public void close() {
        deciders.shutdownNow();
        scheduler.shutdownNow();
        if (pods != null) {
            pods.close();
        }
        if (environments != null) {
            environments.close();
        }
    }
}
