package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * spec.heartbeat on a real API server: the operator keeps a Lease named like the environment; renewed as the README
 * shows (kubectl patch of spec.renewTime), the environment lives; not renewed, it is deleted within the timeout and
 * a few seconds.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class HeartbeatServerTest {

    static final int TIMEOUT_SECONDS = 6;
    /** The bound the contract gives: the timeout and a few seconds (10). */
    static final Duration GONE_WITHIN = Duration.ofSeconds(TIMEOUT_SECONDS + 10);
    /** MicroTime, as the API server writes renewTime. */
    static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    static int counter;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        ns = "heartbeat-" + (++counter);
        tenants.namespace(ns);
    }

    private static String withHeartbeat(String yaml) {
        return yaml.replace(
                "  timeout: 20s\n", "  timeout: 20s\n  heartbeat: {timeoutSeconds: " + TIMEOUT_SECONDS + "}\n");
    }

    private static String components(String name) {
        return """
                - name: app
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: %s}}]
                """.formatted(name);
    }

    private Lease awaitLease(String name) {
        return Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> admin.leases().inNamespace(ns).withName(name).get(), l -> l != null);
    }

    /** What a suite runs, as the README shows it. */
    private void renew(String name) {
        String now = MICRO_TIME.format(Instant.now());
        KubeApi.Result result = api.kubectl(
                null,
                "-n",
                ns,
                "patch",
                "lease",
                name,
                "--type",
                "merge",
                "-p",
                "{\"spec\":{\"renewTime\":\"" + now + "\"}}");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void anEnvironmentWhoseHeartbeatStopsIsDeletedWithinTheTimeout() {
        String uid = tenants.create(ns, withHeartbeat(Tenants.env("abandoned", components("app"))))
                .getMetadata()
                .getUid();
        Lease lease = awaitLease("abandoned");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(TIMEOUT_SECONDS);
        assertThat(lease.getSpec().getRenewTime())
                .as("renewTime is the renewer's")
                .isNull();
        assertThat(lease.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid));
        Instant created = Instant.parse(lease.getMetadata().getCreationTimestamp());

        Awaitility.await().atMost(GONE_WITHIN).until(() -> tenants.get(ns, "abandoned") == null);
        Duration lived = Duration.between(created, Instant.now());
        System.out.printf(
                "heartbeat: environment gone %d ms after its Lease was created (timeout %d s)%n",
                lived.toMillis(), TIMEOUT_SECONDS);
        assertThat(lived).isLessThanOrEqualTo(GONE_WITHIN.plusSeconds(1));
        assertThat(lived).isGreaterThanOrEqualTo(Duration.ofSeconds(TIMEOUT_SECONDS - 1));
        assertThat(admin.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("HeartbeatExpired");
            assertThat(e.getMessage()).contains("heartbeat Lease abandoned was not renewed within 6s");
        });
    }

    @Test
    void anEnvironmentWhoseHeartbeatIsRenewedSurvivesThreeTimeoutsAndGoesWhenItStops() {
        tenants.create(ns, withHeartbeat(Tenants.env("kept", components("kept"))));
        awaitLease("kept");
        tenants.await(ns, "kept", "Ready", "True");
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger renewals = new AtomicInteger();
        try {
            renewer.scheduleAtFixedRate(
                    () -> {
                        renew("kept");
                        renewals.incrementAndGet();
                    },
                    0,
                    2,
                    TimeUnit.SECONDS);
            Awaitility.await()
                    .during(Duration.ofSeconds(3L * TIMEOUT_SECONDS))
                    .atMost(Duration.ofSeconds(3L * TIMEOUT_SECONDS + 5))
                    .until(() -> tenants.get(ns, "kept") != null);
        } finally {
            renewer.shutdownNow();
        }
        assertThat(renewals.get()).isGreaterThanOrEqualTo(3 * TIMEOUT_SECONDS / 2);
        assertThat(tenants.get(ns, "kept").getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));

        Awaitility.await().atMost(GONE_WITHIN).until(() -> tenants.get(ns, "kept") == null);
    }

    @Test
    void theNamespaceMadeForAnEnvironmentGoesWithItsHeartbeatOnlyWithConsent() {
        String consenting = ns + "-made";
        admin.namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(consenting)
                        .addToLabels("testenv.io/delete-with-environment", "suite")
                        .endMetadata()
                        .build())
                .create();
        String deleteNamespace = "  heartbeat: {timeoutSeconds: " + TIMEOUT_SECONDS + ", deleteNamespace: true}\n";
        tenants.create(
                consenting,
                Tenants.env("suite", components("suite"))
                        .replace("  timeout: 20s\n", "  timeout: 20s\n" + deleteNamespace));
        tenants.create(
                ns,
                Tenants.env("suite", components("suite"))
                        .replace("  timeout: 20s\n", "  timeout: 20s\n" + deleteNamespace));

        // no namespace controller here: a deleted namespace stays Terminating, with its deletion timestamp
        Awaitility.await()
                .atMost(GONE_WITHIN)
                .until(() -> admin.namespaces()
                                .withName(consenting)
                                .get()
                                .getMetadata()
                                .getDeletionTimestamp()
                        != null);
        Awaitility.await().atMost(GONE_WITHIN).until(() -> tenants.get(ns, "suite") == null);
        assertThat(admin.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp())
                .as("a namespace without the label stays")
                .isNull();
        assertThat(admin.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("NamespaceNotDeleted");
            assertThat(e.getMessage()).contains("is not labelled testenv.io/delete-with-environment=suite");
        });
    }

    @Test
    void theLeaseIsWrittenAsTheEnvironmentsIdentityAndNotWithoutItsRights() {
        tenants.serviceAccount(ns, "no-leases", Tenants.rule("", "configmaps", "get", "create", "patch", "delete"));
        tenants.create(ns, withHeartbeat(Tenants.env("denied", "no-leases", components("denied"))));

        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> admin.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(e -> "HeartbeatNotWritten".equals(e.getReason())
                                && e.getMessage().contains("the Lease denied could not be written")));
        assertThat(admin.leases().inNamespace(ns).withName("denied").get()).isNull();
        tenants.await(ns, "denied", "Ready", "True");
    }

    @Test
    void aLeaseThatIsNotTheEnvironmentsIsLeftAlone() {
        admin.leases()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
                        .withNewMetadata()
                        .withName("taken")
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity("someone-else")
                        .endSpec()
                        .build())
                .create();
        tenants.create(ns, withHeartbeat(Tenants.env("taken", components("taken"))));

        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> admin.v1().events().inNamespace(ns).list().getItems().stream()
                        .anyMatch(e -> "HeartbeatNotWritten".equals(e.getReason())
                                && e.getMessage().contains("is not the environment's: left alone")));
        Lease lease = admin.leases().inNamespace(ns).withName("taken").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("someone-else");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isNull();
        assertThat(lease.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }
}
