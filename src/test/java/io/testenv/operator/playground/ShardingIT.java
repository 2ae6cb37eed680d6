package io.testenv.operator.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three replicas on the kwok cluster, as deploy/sharded runs them: shard a, shard b, and one without a shard. Each
 * leads on a Lease of its own and reconciles only its own environments: with shard b's replica stopped, the
 * environments of shard a and the unlabelled one become Ready while shard b's is left untouched (the status the API
 * server defaults, no finalizer, no object); once shard b's replica runs again, its environment becomes Ready too.
 * Each replica's log names only its own environment.
 */
class ShardingIT {

    static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** The namespaces of the environments, one each: of shard a, of shard b, and without a shard. */
    static final List<String> NAMESPACES = List.of("shard-a", "shard-b", "unsharded");

    static Playground playground;
    static final List<OperatorProcess> replicas = new ArrayList<>();

    @BeforeAll
    static void startPlayground() throws IOException {
        playground = Playground.startOnFreePorts(3, "sharding", System.out);
        playground.stopOwnOperator();
    }

    @AfterAll
    static void stopPlayground() {
        replicas.forEach(OperatorProcess::close);
        if (playground != null) {
            playground.close();
        }
    }

    static OperatorProcess start(String shard, String log) throws IOException {
        OperatorProcess replica = playground.startShard(shard, log);
        replicas.add(replica);
        return replica;
    }

    @Test
    void eachShardReconcilesOnlyItsOwnEnvironments() throws Exception {
        KubernetesClient client = playground.client();
        OperatorProcess shardA = start("a", "shard-a");
        OperatorProcess shardB = start("b", "shard-b");
        OperatorProcess unsharded = start("", "unsharded");

        // one Lease per shard: a single Lease would let only one of the three lead
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(holder(client, "testenv-operator-a")).contains("shard-a");
            assertThat(holder(client, "testenv-operator-b")).contains("shard-b");
            assertThat(holder(client, "testenv-operator")).contains("unsharded");
        });
        Awaitility.await().atMost(TIMEOUT).until(() -> shardA.ready() && shardB.ready() && unsharded.ready());

        // SIGKILL: a leader stopped with SIGTERM does not exit by itself (java-operator-sdk's System.exit on losing
        // the lead, called from the shutdown hook, waits for that hook)
        shardB.kill();
        // shard b's first: by the time the others are Ready, a replica that took it would have had longer
        create(client, "shard-b", "b");
        create(client, "shard-a", "a");
        create(client, "unsharded", "");

        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> isReady(client, "shard-a") && isReady(client, "unsharded"));
        // as the API server defaults it: Reconciling, "waiting for the operator", at generation 0
        TestEnvironment untouched = environment(client, "shard-b");
        assertThat(untouched.getStatus().getObservedGeneration())
                .as("shard b's environment observed by nobody while its replica is stopped")
                .isIn(null, 0L);
        assertThat(untouched.getStatus().getConditions())
                .extracting(Condition::getType, Condition::getReason)
                .as("shard b's environment keeps the status the API server gave it")
                .containsExactly(tuple("Reconciling", "Pending"));
        assertThat(untouched.getMetadata().getFinalizers())
                .as("no other replica put its finalizer on shard b's environment")
                .isEmpty();
        assertThat(client.configMaps()
                        .inNamespace("shard-b")
                        .withName("hello-config")
                        .get())
                .as("no other replica applied shard b's objects")
                .isNull();

        OperatorProcess shardBAgain = start("b", "shard-b-again");
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> isReady(client, "shard-b"));

        // every transition of an environment is logged as "<namespace>/<name> ..." by the replica that saw it
        assertThat(mentioned(shardA.log())).as("shard a's log").containsExactly("shard-a");
        assertThat(mentioned(unsharded.log())).as("the unsharded replica's log").containsExactly("unsharded");
        assertThat(mentioned(shardB.log()))
                .as("shard b's first log, stopped before")
                .isEmpty();
        assertThat(mentioned(shardBAgain.log())).as("shard b's log").containsExactly("shard-b");
    }

    static void create(KubernetesClient client, String ns, String shard) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        TestEnvironment env = client.getKubernetesSerialization()
                .unmarshal(Samples.environment("hello-world.yaml"), TestEnvironment.class);
        env.getMetadata().setNamespace(ns);
        if (!shard.isEmpty()) {
            env.getMetadata().setLabels(Map.of("testenv.io/shard", shard));
        }
        client.resource(env).create();
    }

    static TestEnvironment environment(KubernetesClient client, String ns) {
        return client.resources(TestEnvironment.class)
                .inNamespace(ns)
                .withName("hello-world")
                .get();
    }

    static boolean isReady(KubernetesClient client, String ns) {
        TestEnvironment env = environment(client, ns);
        return env.getStatus() != null
                && env.getStatus().getConditions().stream()
                        .anyMatch(c ->
                                c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    static Optional<String> holder(KubernetesClient client, String lease) {
        Lease found = client.leases().inNamespace("default").withName(lease).get();
        return Optional.ofNullable(found).map(l -> l.getSpec().getHolderIdentity());
    }

    /** The namespaces of the test's environments that the log names. */
    static List<String> mentioned(Path log) throws IOException {
        String text = Files.readString(log);
        return NAMESPACES.stream()
                .filter(ns -> text.contains(ns + "/hello-world "))
                .sorted()
                .toList();
    }
}
