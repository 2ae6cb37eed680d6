package io.testenv.operator.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Records the statuses the real Kubernetes controllers write, as fixtures of the readiness rules' tests
 * ({@code src/test/resources/fixtures/readiness/<scenario>.yaml}, read by {@code RecordedStatusTest}).
 * <p>
 * It starts a kwok cluster under {@code target/status-recorder} (real kube-apiserver, kube-controller-manager and
 * kube-scheduler; pods driven by {@link PodLifecycle} and the kwok Stages), and for each scenario creates or changes
 * one object, watches it from the resourceVersion of that write, and writes every distinct state of the object it
 * sees (metadata stripped down to name, namespace and generation) until the controllers' own notion of done:
 * <ul>
 * <li>Deployment: what {@code kubectl rollout status} waits for (observedGeneration, updated, total and available
 * replicas all at spec.replicas), with the Progressing condition's reason NewReplicaSetAvailable;</li>
 * <li>StatefulSet: what {@code kubectl rollout status} waits for (observedGeneration, ready, available and updated
 * replicas at spec.replicas, currentRevision equal to updateRevision); for a partitioned update (partition above
 * 0), kubectl's "partitioned roll out complete": all replicas ready and those from the partition up updated;</li>
 * <li>DaemonSet: what {@code kubectl rollout status} waits for (observedGeneration, updated and available pods at
 * desiredNumberScheduled, which the status reports);</li>
 * <li>Job: a Complete or Failed condition True; Pod: a container waiting in ImagePullBackOff.</li>
 * </ul>
 * Changes that come after done are printed, not recorded. Run with
 * {@code ./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.testenv.operator.controlplane.StatusRecorder}
 * from the project directory; {@code -Dexec.args="scenario ..."} writes only those fixtures (every scenario still
 * runs, as later ones start from the state earlier ones leave).
 */
public final class StatusRecorder {

    static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures", "readiness");
    static final String NAMESPACE = "recorded";
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    static final Duration SETTLE = Duration.ofSeconds(3);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final KubernetesClient client;
    /** The scenarios whose fixtures are written; empty: all. */
    private final List<String> written;

    private StatusRecorder(KubernetesClient client, List<String> written) {
        this.client = client;
        this.written = written;
    }

    public static void main(String[] args) throws Exception {
        Path workdir = Path.of("target", "status-recorder");
        try (KwokCluster cluster = KwokCluster.start("status-recorder", workdir, 0, System.out::println);
                KubernetesClient client = cluster.newClient()) {
            Crds.installAll(client, Path.of("crds"));
            try (PodLifecycle pods = new PodLifecycle(client, 1.0, System.out::println)) {
                pods.start();
                client.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(NAMESPACE)
                                .endMetadata()
                                .build())
                        .create();
                waitForDefaultServiceAccount(client);
                new StatusRecorder(client, List.of(args)).recordAll();
            }
        }
        System.exit(0);
    }

    private static void waitForDefaultServiceAccount(KubernetesClient client) {
        client.serviceAccounts()
                .inNamespace(NAMESPACE)
                .withName("default")
                .waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
    }

    private void recordAll() throws Exception {
        Files.createDirectories(FIXTURES);

        // Deployment: created, until available; then a new image, until the rollout completes.
        Map<String, Object> deployment = object("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  annotations: {playground.testenv.io/ready-after: 2s}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - {name: web, image: registry.example/web:1}
                """);
        record(
                "deployment-rollout",
                "a Deployment of 2 replicas created, until its rollout completes",
                "apps/v1",
                "Deployment",
                "web",
                r -> r.create(generic(deployment)),
                ControllersDone::deploymentDone);
        record(
                "deployment-rolling-update",
                "the available Deployment of deployment-rollout given a new image (generation 2), until the "
                        + "rollout completes",
                "apps/v1",
                "Deployment",
                "web",
                r -> r.patch(PatchContext.of(PatchType.JSON_MERGE), """
                        {"spec":{"template":{"spec":{"containers":[{"name":"web","image":"registry.example/web:2"}]}}}}
                        """),
                ControllersDone::deploymentDone);

        // StatefulSet: 1 ready replica, then scaled to 3, recorded from the scale on.
        Map<String, Object> statefulSet = object("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: db
                  annotations: {playground.testenv.io/ready-after: 2s}
                spec:
                  replicas: 1
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers:
                      - {name: db, image: registry.example/db:1}
                """);
        Resource<GenericKubernetesResource> db = resource("apps/v1", "StatefulSet", "db");
        db.create(generic(statefulSet));
        db.waitUntilCondition(
                o -> o != null && ControllersDone.statefulSetDone(map(o)), TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        System.out.println("statefulset db: 1 replica ready");
        record(
                "statefulset-scale-up",
                "a StatefulSet with 1 ready replica scaled to 3, until all are ready",
                "apps/v1",
                "StatefulSet",
                "db",
                r -> r.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}"),
                ControllersDone::statefulSetDone);

        // The same StatefulSet given a new image with partition 2: only the pod of ordinal 2 is updated.
        record(
                "statefulset-partitioned-update",
                "the StatefulSet of statefulset-scale-up (3 ready replicas) given a "
                        + "new image with partition 2 (generation 3), until its pods from ordinal 2 up are updated and ready",
                "apps/v1",
                "StatefulSet",
                "db",
                r -> r.patch(PatchContext.of(PatchType.JSON_MERGE), """
                        {"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}},
                        "template":{"spec":{"containers":[{"name":"db","image":"registry.example/db:2"}]}}}}
                        """),
                ControllersDone::statefulSetDone);

        // DaemonSet: created, until its pod on the one node is available; then a new image, until rolled out.
        Map<String, Object> daemonSet = object("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: agent
                  annotations: {playground.testenv.io/ready-after: 2s}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      containers:
                      - {name: agent, image: registry.example/agent:1}
                """);
        record(
                "daemonset-rollout",
                "a DaemonSet on a cluster of one node created, until its pod is available",
                "apps/v1",
                "DaemonSet",
                "agent",
                r -> r.create(generic(daemonSet)),
                ControllersDone::daemonSetDone);
        record(
                "daemonset-rolling-update",
                "the available DaemonSet of daemonset-rollout given a new image "
                        + "(generation 2), until the rollout completes",
                "apps/v1",
                "DaemonSet",
                "agent",
                r -> r.patch(PatchContext.of(PatchType.JSON_MERGE), """
                        {"spec":{"template":{"spec":{"containers":[{"name":"agent","image":"registry.example/agent:2"}]}}}}
                        """),
                ControllersDone::daemonSetDone);

        Map<String, Object> job = object("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: migrate
                  annotations: {playground.testenv.io/ready-after: 2s}
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: migrate, image: registry.example/migrate:1}
                """);
        record(
                "job-succeeds",
                "a Job whose pod runs for 2s and succeeds, until Complete",
                "batch/v1",
                "Job",
                "migrate",
                r -> r.create(generic(job)),
                o -> ControllersDone.condition(o, "Complete"));

        Map<String, Object> failing = object("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: seed
                  annotations: {playground.testenv.io/ready-after: 2s, playground.testenv.io/fail: JobFailed}
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - {name: seed, image: registry.example/seed:1}
                """);
        record(
                "job-fails",
                "a Job with backoffLimit 0 whose pod exits 1 after 2s, until Failed",
                "batch/v1",
                "Job",
                "seed",
                r -> r.create(generic(failing)),
                o -> ControllersDone.condition(o, "Failed"));

        Map<String, Object> pod = object("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: cache
                  annotations: {playground.testenv.io/fail: ImagePullBackOff}
                spec:
                  containers:
                  - {name: cache, image: registry.example/cache:missing}
                """);
        record(
                "pod-image-pull-back-off",
                "a bare Pod whose image cannot be pulled, until it waits in ImagePullBackOff"
                        + " (no kubelet runs on kwok: this status is the playground's kwok Stage's, shaped like a kubelet's)",
                "v1",
                "Pod",
                "cache",
                r -> r.create(generic(pod)),
                ControllersDone::imagePullBackOff);
    }

    @FunctionalInterface
    interface Change {
        GenericKubernetesResource apply(Resource<GenericKubernetesResource> resource);
    }

    /**
     * Makes the change, then records the object's states from the change's resourceVersion on until done (the
     * change's own result is the first snapshot), and writes the fixture.
     */
    private void record(
            String scenario,
            String description,
            String apiVersion,
            String kind,
            String name,
            Change change,
            Predicate<Map<String, Object>> done)
            throws Exception {
        System.out.println("recording " + scenario + " ...");
        Resource<GenericKubernetesResource> resource = resource(apiVersion, kind, name);
        GenericKubernetesResource changed = change.apply(resource);
        BlockingQueue<GenericKubernetesResource> events = new LinkedBlockingQueue<>();
        List<Map<String, Object>> snapshots = new ArrayList<>();
        add(snapshots, changed);
        try (Watch watch = resource.watch(
                new ListOptionsBuilder()
                        .withResourceVersion(changed.getMetadata().getResourceVersion())
                        .build(),
                new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource object) {
                        if (action == Action.ADDED || action == Action.MODIFIED) {
                            events.add(object);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        System.out.println(scenario + ": watch closed: " + cause.getMessage());
                    }
                })) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!done.test(snapshots.get(snapshots.size() - 1))) {
                GenericKubernetesResource next = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new IllegalStateException(scenario + " not done in " + TIMEOUT + "; last snapshot:\n"
                            + YAML.writeValueAsString(snapshots.get(snapshots.size() - 1)));
                }
                add(snapshots, next);
            }
            // What the controllers write after done is not part of the fixture, but worth knowing.
            List<Map<String, Object>> after = new ArrayList<>(List.of(snapshots.get(snapshots.size() - 1)));
            long settle = System.nanoTime() + SETTLE.toNanos();
            GenericKubernetesResource late;
            while ((late = events.poll(settle - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
                add(after, late);
            }
            for (Map<String, Object> extra : after.subList(1, after.size())) {
                System.out.println(scenario + ": after done, not recorded:\n" + YAML.writeValueAsString(extra));
            }
        }
        if (!written.isEmpty() && !written.contains(scenario)) {
            System.out.println("recorded " + scenario + " (" + snapshots.size() + " snapshots), not written");
            return;
        }
        Path file = FIXTURES.resolve(scenario + ".yaml");
        String header = """
                # Recorded from the Kubernetes %s controllers (kube-apiserver, kube-controller-manager,
                # kube-scheduler) on a kwok cluster by io.testenv.operator.controlplane.StatusRecorder; rerun it
                # rather than editing this file.
                # Scenario %s: %s.
                # Every distinct state of the %s seen by a watch from the change on, in order, up to the first one
                # the controllers consider done (metadata stripped to name, namespace and generation).
                """.formatted(ControlPlane.kubernetesVersion(), scenario, description, kind);
        String body = YAML.writeValueAsString(snapshots);
        if (!YAML.readValue(body, List.class).equals(roundTripped(snapshots))) {
            throw new IllegalStateException(scenario + ": the YAML does not read back as written");
        }
        Files.writeString(file, header + body);
        System.out.println("wrote " + file + ": " + snapshots.size() + " snapshots");
    }

    private static Object roundTripped(List<Map<String, Object>> snapshots) throws IOException {
        return new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(snapshots), List.class);
    }

    private void add(List<Map<String, Object>> snapshots, GenericKubernetesResource object) {
        Map<String, Object> snapshot = stripped(map(object));
        if (snapshots.isEmpty() || !snapshots.get(snapshots.size() - 1).equals(snapshot)) {
            snapshots.add(snapshot);
        }
    }

    /** The object with metadata stripped down to name, namespace and generation. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> stripped(Map<String, Object> object) {
        Map<String, Object> result = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (key.equals("metadata")) {
                Map<String, Object> metadata = (Map<String, Object>) value;
                Map<String, Object> kept = new LinkedHashMap<>();
                for (String field : List.of("name", "namespace", "generation")) {
                    if (metadata.get(field) != null) {
                        kept.put(field, metadata.get(field));
                    }
                }
                result.put(key, kept);
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(GenericKubernetesResource object) {
        return client.getKubernetesSerialization().convertValue(object, LinkedHashMap.class);
    }

    private GenericKubernetesResource generic(Map<String, Object> object) {
        return client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String yaml) throws IOException {
        Map<String, Object> object = YAML.readValue(yaml, LinkedHashMap.class);
        ((Map<String, Object>) object.get("metadata")).put("namespace", NAMESPACE);
        return object;
    }

    private Resource<GenericKubernetesResource> resource(String apiVersion, String kind, String name) {
        return client.genericKubernetesResources(apiVersion, kind)
                .inNamespace(NAMESPACE)
                .withName(name);
    }
}
