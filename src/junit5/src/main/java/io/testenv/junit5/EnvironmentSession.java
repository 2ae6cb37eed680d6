package io.testenv.junit5;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One environment brought up by the extension: its namespace, applied with server-side apply, waited for with a
 * watch, its heartbeat renewed while it lives, and torn down (or kept, on failure, when asked).
 */
final class EnvironmentSession implements TestEnvironmentHandle {

    static final String API_VERSION = "testenv.io/v1alpha1";
    static final String KIND = "TestEnvironment";
    static final String FIELD_MANAGER = "testenv-junit5";
    static final String TEST_CLASS_LABEL = "testenv.io/test-class";
    static final String SCOPE_LABEL = "testenv.io/test-scope";
    static final String DELETE_WITH_LABEL = "testenv.io/delete-with-environment";
    static final String TRACEPARENT_ANNOTATION = "testenv.io/traceparent";
    /** The environment's own bring-up deadline when its spec has none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** Beyond the spec's own timeout: the operator fails the environment itself then, and says why. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "testenv-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private final KubernetesClient cluster;
    private final Settings settings;
    private final String namespace;
    private final String name;
    private final String title;
    private final Path reports;
    private final Instant appliedAt;
    private volatile GenericKubernetesResource last;
    private volatile Instant settledAt;
    private volatile ScheduledFuture<?> renewal;
    private volatile boolean failed;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean summarised =
            new java.util.concurrent.atomic.AtomicBoolean();

    private EnvironmentSession(
            KubernetesClient cluster,
            Settings settings,
            String namespace,
            String name,
            String title,
            Path reports,
            Instant appliedAt) {
        this.cluster = cluster;
        this.settings = settings;
        this.namespace = namespace;
        this.name = name;
        this.title = title;
        this.reports = reports;
        this.appliedAt = appliedAt;
    }

    /**
     * Creates the namespace, applies the environment there, renews its heartbeat and waits for it to become Ready;
     * on failure or timeout, writes the diagnostics, tears down (or keeps) and throws an {@link AssertionError}
     * with the operator's own message.
     *
     * @param owner what the namespace is for: the test class's name (and method's), or the file of a suite-wide
     *        environment
     * @param simple the short form of it, in the namespace's name and the label {@value #TEST_CLASS_LABEL}
     * @param reports the directory for its diagnostics
     */
    static EnvironmentSession bringUp(
            KubernetesClient cluster, Settings settings, String owner, String simple, Path reports) {
        GenericKubernetesResource env = EnvironmentFile.load(cluster, settings.source());
        String name = env.getMetadata().getName();
        String namespace = Names.namespace(simple);
        cluster.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .addToLabels(TEST_CLASS_LABEL, Names.label(simple, Names.MAX))
                        .addToLabels(SCOPE_LABEL, settings.scope().name().toLowerCase(java.util.Locale.ROOT))
                        .addToLabels(DELETE_WITH_LABEL, name)
                        .addToLabels("app.kubernetes.io/managed-by", FIELD_MANAGER)
                        .addToAnnotations(TEST_CLASS_LABEL, owner)
                        .endMetadata()
                        .build())
                .create();
        env.getMetadata().setNamespace(namespace);
        env.getMetadata().setResourceVersion(null);
        EnvironmentFile.spec(env)
                .put("heartbeat", Map.of("timeoutSeconds", settings.heartbeatSeconds(), "deleteNamespace", true));
        TraceContext.current()
                .ifPresent(traceparent -> env.getMetadata().getAnnotations().put(TRACEPARENT_ANNOTATION, traceparent));
        Duration timeout = settings.timeout()
                .orElseGet(() -> Optional.ofNullable(EnvironmentFile.spec(env).get("timeout"))
                        .map(Object::toString)
                        .map(Settings::duration)
                        .orElse(DEFAULT_TIMEOUT)
                        .plus(MARGIN));
        EnvironmentSession session = new EnvironmentSession(
                cluster, settings, namespace, name, name + " (" + simple + ")", reports, Instant.now());
        try {
            cluster.genericKubernetesResources(API_VERSION, KIND)
                    .inNamespace(namespace)
                    .resource(env)
                    .fieldManager(FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
            session.startHeartbeat();
            session.await(timeout);
        } catch (RuntimeException | Error e) {
            session.failed = true;
            session.close();
            throw e;
        }
        return session;
    }

    private Resource<GenericKubernetesResource> resource() {
        return cluster.genericKubernetesResources(API_VERSION, KIND)
                .inNamespace(namespace)
                .withName(name);
    }

    /** Renews the Lease the operator keeps for the environment, a third of the timeout apart. */
    private void startHeartbeat() {
        long period = Math.max(1, settings.heartbeatSeconds() / 3);
        renewal = HEARTBEATS.scheduleAtFixedRate(this::renew, 0, period, TimeUnit.SECONDS);
    }

    private void renew() {
        try {
            cluster.leases()
                    .inNamespace(namespace)
                    .withName(name)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"renewTime\":\"" + MICRO_TIME.format(Instant.now()) + "\"}}");
        } catch (KubernetesClientException e) {
            // 404 until the operator wrote the Lease: its clock starts only then
        }
    }

    /** Waits with a watch for Ready=True, or for Failed=True or Stalled=True, of the current generation. */
    private void await(Duration timeout) {
        CompletableFuture<List<GenericKubernetesResource>> settled =
                resource().informOnCondition(items -> items.stream().anyMatch(StatusView::settled));
        try {
            last = settled.get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(StatusView::settled)
                    .findFirst()
                    .orElseThrow();
        } catch (TimeoutException e) {
            settled.cancel(true);
            last = resource().get();
            settledAt = Instant.now();
            failed = true;
            writeReports();
            throw new AssertionError("environment " + name + " not Ready within " + timeout.toSeconds() + "s: "
                    + StatusView.condition(last, "Ready")
                            .map(c -> c.get("message"))
                            .orElse("no status"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for environment " + name, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("watching environment " + name + " failed", e.getCause());
        }
        settledAt = Instant.now();
        if (!StatusView.isTrue(last, "Ready")) {
            failed = true;
            writeReports();
            throw new AssertionError("environment " + name + " failed: " + StatusView.failure(last));
        }
        if (settings.reportOnSuccess()) {
            writeReports();
        }
    }

    private void writeReports() {
        try {
            Diagnostics.write(reports, cluster, namespace, name, last, timeline());
        } catch (RuntimeException e) {
            System.err.println("testenv: could not write the diagnostics of " + name + ": " + e);
        }
    }

    boolean failed() {
        return failed;
    }

    Scope scope() {
        return settings.scope();
    }

    /** Whether its timeline went to the step summary already; the first caller gets false, and writes it. */
    boolean summarised() {
        return summarised.getAndSet(true);
    }

    Path reports() {
        return reports;
    }

    String title() {
        return title;
    }

    /**
     * Stops the heartbeat and deletes the namespace, with the environment in it; a failed environment's namespace
     * is kept when asked, without its heartbeat (so the operator leaves it), and its name printed.
     */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (renewal != null) {
            renewal.cancel(false);
        }
        try {
            if (failed && settings.keepOnFailure()) {
                resource().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"heartbeat\":null}}");
                cluster.namespaces()
                        .withName(namespace)
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"labels\":{\"" + DELETE_WITH_LABEL + "\":null}}}");
                System.out.println("testenv: kept namespace " + namespace + " (environment " + name + " failed; "
                        + "diagnostics in " + reports.toAbsolutePath() + ")");
            } else {
                cluster.namespaces().withName(namespace).delete();
            }
        } catch (KubernetesClientException e) {
            System.err.println("testenv: could not clean up namespace " + namespace + ": " + e.getMessage()
                    + " (the heartbeat removes it)");
        }
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String output(String output) {
        Map<String, String> outputs = outputs();
        String value = outputs.get(output);
        if (value == null) {
            throw new IllegalArgumentException(
                    "environment " + name + " has no output " + output + "; it has " + outputs.keySet());
        }
        return value;
    }

    @Override
    public Map<String, String> outputs() {
        return StatusView.outputs(last);
    }

    @Override
    public Map<String, Object> status() {
        GenericKubernetesResource now = resource().get();
        if (now != null) {
            last = now;
        }
        return StatusView.status(last);
    }

    @Override
    public KubernetesClient client() {
        return cluster.adapt(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
                .inNamespace(namespace);
    }

    @Override
    public Timeline timeline() {
        Instant end = settledAt == null ? Instant.now() : settledAt;
        return StatusView.timeline(last, Duration.between(appliedAt, end).toMillis() / 1000.0);
    }
}
