package io.testenv.operator.e2e;

import static io.testenv.operator.e2e.KwokEnvironments.condition;
import static io.testenv.operator.e2e.KwokEnvironments.deployment;
import static io.testenv.operator.e2e.KwokEnvironments.env;
import static io.testenv.operator.e2e.KwokEnvironments.instant;
import static io.testenv.operator.e2e.KwokEnvironments.rolledOut;
import static io.testenv.operator.e2e.KwokEnvironments.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.playground.Playground;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An environment's life after its bring-up, on the kwok cluster (the real Deployment, ReplicaSet and garbage
 * collector controllers): an edit that adds, changes and removes components is rolled out and pruned, and Ready
 * waits for the rollout; an object changed by another tool (scaled, its image or data edited) is taken back, or
 * with spec.drift Report left alone and reported. Deletions are {@link DeletionIT}'s.
 */
class LifecycleIT {

    static final Duration TIMEOUT = KwokEnvironments.TIMEOUT;
    static final Duration POLL = Duration.ofMillis(50);

    static Playground playground;
    static KubernetesClient client;
    static KwokEnvironments envs;

    @BeforeAll
    static void startPlayground() throws IOException {
        playground = Playground.startOnFreePorts(20, "lifecycle", System.out);
        client = playground.client();
        envs = new KwokEnvironments(client);
    }

    @AfterAll
    static void stopPlayground() {
        if (playground != null) {
            playground.close();
        }
    }

    static final String SETTINGS =
            "- {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: %s}}\n";

    @Test
    void addingChangingAndRemovingComponentsRollsOutTheNewSpecAndPrunesTheRest() {
        String ns = "edit";
        envs.create(ns, env("shop", "", """
                - name: config
                  manifests:
                %s- name: web
                  dependsOn: [{component: config}]
                  manifests:
                %s- name: cache
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: cache}}
                  - {apiVersion: v1, kind: Secret, metadata: {name: cache}, stringData: {password: p}}
                """.formatted(
                        SETTINGS.formatted("test").indent(2),
                        deployment("web", 2, "registry.example/web:1", "30s").indent(2))));
        long first = envs.awaitReady(ns, "shop").getMetadata().getGeneration();
        assertThat(envs.exists("v1", "Secret", ns, "cache")).isTrue();

        TestEnvironment edited = client.getKubernetesSerialization()
                .unmarshal(
                        env("shop", "", """
                - name: config
                  manifests:
                %s- name: web
                  dependsOn: [{component: config}]
                  manifests:
                %s- name: worker
                  dependsOn: [{component: web}]
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: worker}, data: {queue: orders}}
                %s""".formatted(
                                        SETTINGS.formatted("staging").indent(2),
                                        deployment("web", 2, "registry.example/web:2", "30s")
                                                .indent(2),
                                        deployment("worker", 1, "registry.example/worker:1", "2s")
                                                .indent(2))),
                        TestEnvironment.class);
        Instant editAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long started = System.nanoTime();
        long generation = envs.edit(
                        ns,
                        "shop",
                        e -> e.getSpec().setComponents(edited.getSpec().getComponents()))
                .getMetadata()
                .getGeneration();
        assertThat(generation).isGreaterThan(first);

        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(() -> !envs.exists("v1", "ConfigMap", ns, "cache") && !envs.exists("v1", "Secret", ns, "cache"));
        double pruned = seconds(started);
        // Sampled while web rolls out its new image (1.5 s per pod here): Ready must say False for the new
        // generation, and the first Ready=True for it must find web rolled out.
        AtomicBoolean sawNotReady = new AtomicBoolean();
        AtomicReference<Deployment> webWhenReady = new AtomicReference<>();
        TestEnvironment ready = envs.awaitStatus(ns, "shop", "Ready for generation " + generation, e -> {
            condition(e, "Ready")
                    .filter(c -> c.getStatus().equals("False")
                            && Long.valueOf(generation).equals(c.getObservedGeneration()))
                    .ifPresent(c -> sawNotReady.set(true));
            if (e.getMetadata().getGeneration() == generation && KwokEnvironments.readyForItsGeneration(e)) {
                webWhenReady.set(envs.deployment(ns, "web"));
                return true;
            }
            return false;
        });
        double readyAgain = seconds(started);

        assertThat(sawNotReady)
                .as("Ready=False seen for generation %d while web rolled out", generation)
                .isTrue();
        Deployment web = webWhenReady.get();
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/web:2");
        assertThat(rolledOut(web))
                .as("web rolled out when Ready first said True: %s", web.getStatus())
                .isTrue();
        assertThat(client.configMaps()
                        .inNamespace(ns)
                        .withName("settings")
                        .get()
                        .getData())
                .containsEntry("mode", "staging");
        assertThat(client.configMaps().inNamespace(ns).withName("worker").get().getData())
                .containsEntry("queue", "orders");
        assertThat(rolledOut(envs.deployment(ns, "worker"))).isTrue();
        assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(generation);
        assertThat(ready.getStatus().getComponents())
                .extracting(ComponentStatus::getName)
                .containsExactly("config", "web", "worker");
        assertThat(ready.getStatus().getConditions())
                .extracting(Condition::getType)
                .doesNotContain("component.testenv.io/cache");
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(envs.events(ns, "Pruned"))
                        .contains("deleted what the spec no longer declares: ConfigMap cache, Secret cache"));
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(() -> "ConfigMap,Deployment.apps"
                        .equals(envs.get(ns, "shop")
                                .getMetadata()
                                .getAnnotations()
                                .get("applyset.kubernetes.io/contains-group-kinds")));

        Instant startedAt = instant(ready.getStatus().getTiming().getStartedAt());
        Instant readyAt = instant(ready.getStatus().getTiming().getReadyAt());
        assertThat(startedAt).as("the new bring-up starts at the edit").isAfterOrEqualTo(editAt);
        assertThat(startedAt).isBeforeOrEqualTo(readyAt);
        for (ComponentStatus component : ready.getStatus().getComponents()) {
            assertThat(component.getAppliedGeneration()).as(component.getName()).isEqualTo(generation);
            Instant appliedAt = instant(component.getAppliedAt());
            Instant componentReadyAt = instant(component.getReadyAt());
            assertThat(appliedAt)
                    .as(component.getName())
                    .isAfterOrEqualTo(startedAt)
                    .isBeforeOrEqualTo(componentReadyAt);
            assertThat(componentReadyAt).as(component.getName()).isBeforeOrEqualTo(readyAt);
        }
        assertThat(instant(component(ready, "worker").getAppliedAt()))
                .as("worker's gate waits for web Ready")
                .isAfterOrEqualTo(instant(component(ready, "web").getReadyAt()));
        System.out.printf(
                "lifecycle: edit (worker added, settings and web's image changed, cache removed): "
                        + "cache pruned in %.1f s, Ready for generation %d in %.1f s, after web's rollout%n",
                pruned, generation, readyAgain);
    }

    static ComponentStatus component(TestEnvironment env, String name) {
        return env.getStatus().getComponents().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static String webAndSettings(String name, String spec) {
        return env(name, spec, """
                - name: web
                  manifests:
                %s%s""".formatted(
                        SETTINGS.formatted("test").indent(2),
                        deployment("web", 2, "registry.example/web:1", "2s").indent(2)));
    }

    @Test
    void aDeploymentScaledDownByAnotherToolIsScaledBackAndItsPodsReturn() {
        String ns = "drift-scale";
        envs.create(ns, webAndSettings("scale", ""));
        envs.awaitReady(ns, "scale");
        assertThat(envs.pods(ns, "web")).isEqualTo(2);

        int podsDeleted;
        double repaired;
        double podsBack;
        try (KwokEnvironments.Deletions deletions = envs.deletions(ns, "v1/Pod")) {
            long scaled = System.nanoTime();
            envs.scale(ns, "web", 0);
            Awaitility.await()
                    .atMost(TIMEOUT)
                    .pollInterval(POLL)
                    .until(() -> envs.deployment(ns, "web").getSpec().getReplicas() == 2);
            repaired = seconds(scaled);
            Awaitility.await()
                    .atMost(TIMEOUT)
                    .pollInterval(POLL)
                    .until(() -> rolledOut(envs.deployment(ns, "web")) && envs.pods(ns, "web") == 2);
            podsBack = seconds(scaled);
            podsDeleted = deletions.of("web").size();
        }

        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .untilAsserted(
                        () -> assertThat(envs.events(ns, "DriftCorrected"))
                                .anySatisfy(
                                        m -> assertThat(m)
                                                .contains(
                                                        "component web: changed outside the environment: Deployment web: spec.replicas")));
        assertThat(envs.deployment(ns, "web").getMetadata().getManagedFields())
                .as("spec.replicas taken back from kubectl-scale")
                .noneMatch(f -> f.getManager().equals("kubectl-scale")
                        && client.getKubernetesSerialization()
                                .asJson(f.getFieldsV1())
                                .contains("f:replicas"));
        envs.awaitReady(ns, "scale");
        System.out.printf(
                "lifecycle: drift by scale repaired in %.1f s; %d of its pods deleted by the ReplicaSet "
                        + "controller meanwhile, 2 running and available again in %.1f s%n",
                repaired, podsDeleted, podsBack);
    }

    @Test
    void withDriftReportAScaleDownStaysAndReadyGoesFalseSayingWhy() {
        String ns = "drift-report";
        envs.create(ns, webAndSettings("report", "drift: Report\n"));
        envs.awaitReady(ns, "report");

        long scaled = System.nanoTime();
        envs.scale(ns, "web", 0);
        TestEnvironment reported = envs.awaitStatus(
                ns,
                "report",
                "Ready=False",
                e -> condition(e, "Ready")
                        .filter(c -> c.getStatus().equals("False"))
                        .isPresent());
        double reportedIn = seconds(scaled);
        Condition ready = condition(reported, "Ready").orElseThrow();
        assertThat(ready.getReason()).isEqualTo("WaitingForComponents");
        assertThat(ready.getMessage())
                .contains("web (Progressing: changed outside the environment: Deployment web: spec.replicas)");
        assertThat(component(reported, "web").getReason()).isEqualTo("Drifted");

        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(() -> KwokEnvironments.orZero(
                                        envs.deployment(ns, "web").getStatus().getAvailableReplicas())
                                == 0
                        && envs.pods(ns, "web") == 0);
        Awaitility.await()
                .during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(POLL)
                .until(() -> envs.deployment(ns, "web").getSpec().getReplicas() == 0
                        && condition(envs.get(ns, "report"), "Ready")
                                .filter(c -> c.getStatus().equals("False"))
                                .isPresent());
        assertThat(envs.events(ns, "DriftCorrected")).isEmpty();

        long scaledUp = System.nanoTime();
        envs.scale(ns, "web", 2);
        envs.awaitReady(ns, "report");
        System.out.printf(
                "lifecycle: drift by scale reported in %.1f s (Ready=False %s), not reverted for 2 s; "
                        + "Ready again %.1f s after the scale-up%n",
                reportedIn, ready.getReason(), seconds(scaledUp));
    }

    @Test
    void anImageSetByAnotherToolIsTakenBack() {
        String ns = "drift-image";
        envs.create(ns, webAndSettings("image", ""));
        envs.awaitReady(ns, "image");

        long set = System.nanoTime();
        envs.patch(
                ns,
                "Deployment",
                "web",
                "kubectl-set",
                PatchType.STRATEGIC_MERGE,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
                        + "\"image\":\"attacker.example/web:evil\"}]}}}}");
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(() -> "registry.example/web:1"
                        .equals(envs.deployment(ns, "web")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage()));
        double repaired = seconds(set);

        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(envs.events(ns, "DriftCorrected"))
                        .anySatisfy(
                                m -> assertThat(m).contains("Deployment web: spec.template.spec.containers[0].image")));
        assertThat(envs.events(ns, "DriftCorrected"))
                .allSatisfy(m -> assertThat(m).doesNotContain("evil"));
        TestEnvironment ready = envs.awaitReady(ns, "image");
        Deployment web = envs.deployment(ns, "web");
        assertThat(rolledOut(web))
                .as("web rolled out again: %s", web.getStatus())
                .isTrue();
        System.out.printf(
                "lifecycle: drift by image repaired in %.1f s, Ready again in %.1f s (%s)%n",
                repaired, seconds(set), ready.getStatus().getReadyComponents());
    }

    @Test
    void dataEditedByAnotherToolIsTakenBack() {
        String ns = "drift-data";
        envs.create(ns, webAndSettings("data", ""));
        envs.awaitReady(ns, "data");

        long edited = System.nanoTime();
        envs.patch(
                ns,
                "ConfigMap",
                "settings",
                "kubectl-edit",
                PatchType.JSON_MERGE,
                "{\"data\":{\"mode\":\"production\"}}");
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .until(() -> "test"
                        .equals(client.configMaps()
                                .inNamespace(ns)
                                .withName("settings")
                                .get()
                                .getData()
                                .get("mode")));
        double repaired = seconds(edited);

        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(envs.events(ns, "DriftCorrected"))
                        .anySatisfy(m -> assertThat(m).contains("ConfigMap settings: data.mode")));
        assertThat(envs.events(ns, "DriftCorrected"))
                .allSatisfy(m -> assertThat(m).doesNotContain("production"));
        envs.awaitReady(ns, "data");
        System.out.printf("lifecycle: drift by data repaired in %.1f s%n", repaired);
    }
}
