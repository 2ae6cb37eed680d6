package io.testenv.operator.playground;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.testing.Samples;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas with leader election on the kwok cluster: the leader is killed with SIGKILL in the middle of three
 * bring-ups, the other takes the Lease over within its duration, and every bring-up completes.
 */
class LeaderFailoverIT {

    static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    static final int ENVIRONMENTS = 3;

    static Playground playground;
    static List<OperatorProcess> replicas;

    @BeforeAll
    static void startPlayground() throws IOException {
        playground = Playground.startOnFreePorts(3, "failover", System.out);
        replicas = playground.replaceOperatorWithReplicas(2);
    }

    @AfterAll
    static void stopPlayground() {
        if (replicas != null) {
            replicas.forEach(OperatorProcess::close);
        }
        if (playground != null) {
            playground.close();
        }
    }

    static Optional<String> holder(KubernetesClient client) {
        Lease lease = client.leases()
                .inNamespace("default")
                .withName("testenv-operator")
                .get();
        return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
    }

    static long ready(KubernetesClient client) {
        return client.resources(TestEnvironment.class).inAnyNamespace().list().getItems().stream()
                .filter(e -> e.getStatus() != null
                        && e.getStatus().getConditions().stream()
                                .anyMatch(c -> c.getType().equals("Ready")
                                        && c.getStatus().equals("True")))
                .count();
    }

    @Test
    void theOtherReplicaTakesOverWithinTheLeaseAndTheBringUpsComplete() throws Exception {
        KubernetesClient client = playground.client();
        Awaitility.await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> holder(client).isPresent());
        String leader = holder(client).orElseThrow();
        assertThat(leader).isIn("replica-0", "replica-1");
        // a Deployment's rollout waits for every replica to be ready, the one waiting for the Lease included
        Awaitility.await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> replicas.stream().allMatch(OperatorProcess::ready));
        String yaml = Samples.environment("datastorage.yaml");
        for (int i = 0; i < ENVIRONMENTS; i++) {
            String ns = "failover-" + i;
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
            TestEnvironment env = client.getKubernetesSerialization().unmarshal(yaml, TestEnvironment.class);
            env.getMetadata().setNamespace(ns);
            client.resource(env).create();
        }
        // mid-bring-up: the leader has applied and recorded something
        Awaitility.await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> client.resources(TestEnvironment.class).inAnyNamespace().list().getItems().stream()
                        .allMatch(e -> e.getStatus() != null
                                && e.getStatus().getComponents().stream().anyMatch(c -> c.getReadyAt() != null)));
        long readyAtKill = ready(client);

        long killed = System.nanoTime();
        replicas.get(leader.equals("replica-0") ? 0 : 1).kill();
        Awaitility.await()
                .atMost(LEASE_DURATION.plusSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> holder(client).filter(h -> !h.equals(leader)).isPresent());
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);

        Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> ready(client) == ENVIRONMENTS);
        Duration complete = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf(
                "failover: leader %s killed with %d of %d environments Ready; the Lease changed hands "
                        + "after %.1f s (lease %d s); all Ready %.1f s after the kill%n",
                leader,
                readyAtKill,
                ENVIRONMENTS,
                takeover.toMillis() / 1000.0,
                LEASE_DURATION.toSeconds(),
                complete.toMillis() / 1000.0);
        assertThat(readyAtKill).as("the kill falls inside the bring-ups").isLessThan(ENVIRONMENTS);
        // the candidate sees the Lease expire a lease duration after it last saw it renewed, and retries every 2 s
        // with fabric8's jitter (up to 2.4 s): past the lease by at most that, plus a moment for the requests
        assertThat(takeover)
                .as("takeover within the lease duration and one jittered retry period")
                .isLessThanOrEqualTo(LEASE_DURATION.plusSeconds(5));
    }
}
