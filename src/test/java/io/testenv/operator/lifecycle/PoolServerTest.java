package io.testenv.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.api.TestEnvironmentClaim;
import io.testenv.operator.api.TestEnvironmentPool;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Warm pools on a real API server: the pool keeps its size of Ready environments (ConfigMap-only templates are
 * Ready at once), claims take them first come first served and wait beyond the cap, a claim's components are gated
 * on the template's, a deleted claim takes its environment along and the pool refills, a template change replaces
 * the unclaimed environments, a failing template stalls without a create loop, and the scale subresource sets the
 * size.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class PoolServerTest {

    static final Duration TIMEOUT = Tenants.TIMEOUT;
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
        ns = "pool-" + (++counter);
        tenants.namespace(ns);
    }

    /** Pools stop making environments once their test ends, so that none runs on behind the next test. */
    @AfterEach
    void stopPools() {
        admin.resources(TestEnvironmentPool.class).inNamespace(ns).delete();
        admin.resources(TestEnvironmentClaim.class).inNamespace(ns).delete();
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> admin.resources(TestEnvironmentPool.class)
                                .inNamespace(ns)
                                .list()
                                .getItems()
                                .isEmpty()
                        && admin.resources(TestEnvironmentClaim.class)
                                .inNamespace(ns)
                                .list()
                                .getItems()
                                .isEmpty());
        admin.resources(TestEnvironment.class).inNamespace(ns).delete();
    }

    static final String TEMPLATE_COMPONENTS = """
            - name: db
              manifests:
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: db}, data: {url: "postgres://db:5432"}}
            """;

    TestEnvironmentPool pool(String name, int size, Integer maxSize, String components) {
        String yaml =
                """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironmentPool
                metadata: {name: %s}
                spec:
                  size: %d
                %s  template:
                    timeout: 20s
                    outputs:
                    - {name: NAMESPACE, value: "__namespace__"}
                    components:
                %s""".formatted(name, size, maxSize == null ? "" : "  maxSize: " + maxSize + "\n", components.indent(4));
        TestEnvironmentPool pool = admin.getKubernetesSerialization().unmarshal(yaml, TestEnvironmentPool.class);
        pool.getMetadata().setNamespace(ns);
        return admin.resource(pool).create();
    }

    TestEnvironmentClaim claim(String name, String pool, String components) {
        return claim(name, pool, components, null);
    }

    TestEnvironmentClaim claim(String name, String pool, String components, String more) {
        String yaml = """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironmentClaim
                metadata: {name: %s}
                spec:
                  pool: %s
                """.formatted(name, pool)
                + (more == null ? "" : "  " + more + "\n")
                + (components == null ? "" : "  components:\n" + components.indent(2));
        TestEnvironmentClaim claim = admin.getKubernetesSerialization().unmarshal(yaml, TestEnvironmentClaim.class);
        claim.getMetadata().setNamespace(ns);
        return admin.resource(claim).create();
    }

    TestEnvironmentPool getPool(String name) {
        return admin.resources(TestEnvironmentPool.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    TestEnvironmentClaim getClaim(String name) {
        return admin.resources(TestEnvironmentClaim.class)
                .inNamespace(ns)
                .withName(name)
                .get();
    }

    List<TestEnvironment> environments(String pool) {
        return admin
                .resources(TestEnvironment.class)
                .inNamespace(ns)
                .withLabel("testenv.io/pool", pool)
                .list()
                .getItems()
                .stream()
                .filter(e -> e.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    Optional<Condition> claimCondition(String claim, String type) {
        return Optional.ofNullable(getClaim(claim))
                .map(TestEnvironmentClaim::getStatus)
                .flatMap(s -> s.getConditions().stream()
                        .filter(c -> c.getType().equals(type))
                        .findFirst());
    }

    Condition awaitClaim(String claim, String type, String status, String reason) {
        try {
            Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> claimCondition(claim, type)
                            .filter(c ->
                                    c.getStatus().equals(status) && (reason == null || reason.equals(c.getReason())))
                            .isPresent());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "claim " + claim + " has no " + type + "=" + status + " (" + reason + "):\n"
                            + admin.getKubernetesSerialization().asYaml(getClaim(claim)),
                    e);
        }
        return claimCondition(claim, type).orElseThrow();
    }

    void awaitPool(String pool, int ready) {
        try {
            Awaitility.await()
                    .atMost(TIMEOUT)
                    .until(() -> Optional.ofNullable(getPool(pool).getStatus())
                            .filter(s -> s.getReady() != null && s.getReady() == ready)
                            .flatMap(s -> s.getConditions().stream()
                                    .filter(c -> c.getType().equals("Ready")
                                            && c.getStatus().equals("True"))
                                    .findFirst())
                            .isPresent());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "pool " + pool + " not Ready with " + ready + ":\n"
                            + admin.getKubernetesSerialization().asYaml(getPool(pool)),
                    e);
        }
    }

    @Test
    void claimsAreServedFirstComeFirstServedAndADeletedClaimTakesItsEnvironmentAlong() {
        pool("stack", 3, 3, TEMPLATE_COMPONENTS);
        awaitPool("stack", 3);
        List<TestEnvironment> warm = environments("stack");
        assertThat(warm).hasSize(3).allSatisfy(env -> {
            assertThat(env.getMetadata().getName()).startsWith("stack-");
            assertThat(env.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o -> assertThat(o.getKind()).isEqualTo("TestEnvironmentPool"));
            assertThat(env.getStatus().getTargetNamespace())
                    .as("a namespace each")
                    .startsWith("stack-");
        });
        assertThat(warm.stream().map(e -> e.getStatus().getTargetNamespace()).distinct())
                .hasSize(3);

        claim("a", "stack", null);
        claim("b", "stack", null);
        claim("c", "stack", null);
        for (String claim : List.of("a", "b", "c")) {
            awaitClaim(claim, "Ready", "True", null);
        }
        Set<String> bound = Set.of("a", "b", "c").stream()
                .map(c -> getClaim(c).getStatus().getEnvironment())
                .collect(Collectors.toSet());
        assertThat(bound)
                .as("three claims, three of the warm environments")
                .hasSize(3)
                .isEqualTo(warm.stream().map(e -> e.getMetadata().getName()).collect(Collectors.toSet()));
        TestEnvironmentClaim a = getClaim("a");
        assertThat(a.getStatus().getOutputs())
                .containsEntry("NAMESPACE", a.getStatus().getTargetNamespace());
        TestEnvironment envA = tenants.get(ns, a.getStatus().getEnvironment());
        assertThat(envA.getMetadata().getLabels()).containsEntry("testenv.io/claim", "a");
        assertThat(envA.getMetadata().getOwnerReferences())
                .as("owned by the claim alone: deleting the claim deletes it, deleting the pool does not")
                .singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(a.getMetadata().getUid()));

        claim("d", "stack", null);
        awaitClaim("d", "Ready", "False", "WaitingForCapacity");
        assertThat(getClaim("d").getStatus().getEnvironment()).isNull();
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> getPool("stack").getStatus().getClaimed() == 3);
        assertThat(environments("stack")).as("maxSize 3: nothing more is made").hasSize(3);

        admin.resource(getClaim("a")).delete();
        Awaitility.await().atMost(TIMEOUT).until(() -> getClaim("a") == null);
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> Optional.ofNullable(
                                tenants.get(ns, envA.getMetadata().getName()))
                        .map(e -> e.getMetadata().getDeletionTimestamp() != null)
                        .orElse(true));

        awaitClaim("d", "Ready", "True", null);
        assertThat(getClaim("d").getStatus().getEnvironment())
                .as("a new environment, never the dirty one")
                .isNotIn(bound);
    }

    @Test
    void thePoolRefillsAfterAClaim() {
        pool("refill", 2, null, TEMPLATE_COMPONENTS);
        awaitPool("refill", 2);
        claim("first", "refill", null);
        awaitClaim("first", "Ready", "True", null);
        awaitPool("refill", 2);
        assertThat(environments("refill")).hasSize(3);
        assertThat(getPool("refill").getStatus().getClaimed()).isEqualTo(1);
    }

    @Test
    void aClaimsComponentsAreGatedOnTheTemplatesAndCannotReplaceThem() {
        pool("sut", 1, null, TEMPLATE_COMPONENTS);
        awaitPool("sut", 1);
        claim("with-sut", "sut", """
                - name: service
                  dependsOn: [{component: db}]
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: service}, data: {image: "sut:pr-42"}}
                """);
        awaitClaim("with-sut", "Ready", "True", null);
        TestEnvironmentClaim claim = getClaim("with-sut");
        TestEnvironment env = tenants.get(ns, claim.getStatus().getEnvironment());
        assertThat(env.getSpec().getComponents()).extracting(c -> c.getName()).containsExactly("db", "service");
        assertThat(env.getStatus().getComponents())
                .extracting(c -> c.getName() + "=" + c.getPhase())
                .containsExactly("db=Ready", "service=Ready");
        assertThat(admin.configMaps()
                        .inNamespace(claim.getStatus().getTargetNamespace())
                        .withName("service")
                        .get())
                .as("in the environment's own namespace")
                .isNotNull();

        claim("clash", "sut", """
                - name: db
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: db}, data: {url: "elsewhere"}}
                """);
        Condition failed = awaitClaim("clash", "Failed", "True", "ComponentClash");
        assertThat(failed.getMessage()).contains("db");
        assertThat(getClaim("clash").getStatus().getEnvironment()).isNull();
    }

    @Test
    void aClaimsComponentsAreConfinedAsTheEnvironmentsOwn() {
        pool("confined", 1, null, TEMPLATE_COMPONENTS);
        awaitPool("confined", 1);
        claim("rights", "confined", """
                - name: grab
                  dependsOn: [{component: db}]
                  manifests:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: operator-rights}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: testenv-operator-objects}
                    subjects: [{kind: User, name: mallory}]
                """);
        Condition failed = awaitClaim("rights", "Failed", "True", "RBACNotAllowed");
        assertThat(failed.getMessage()).contains("RoleBinding operator-rights grants rights");
        String target = getClaim("rights").getStatus().getTargetNamespace();
        assertThat(admin.rbac()
                        .roleBindings()
                        .inNamespace(target)
                        .withName("operator-rights")
                        .get())
                .as("refused, never applied")
                .isNull();
        assertThat(admin.rbac()
                        .roleBindings()
                        .inNamespace(ns)
                        .withName("operator-rights")
                        .get())
                .isNull();
    }

    @Test
    void aTemplateChangeReplacesTheUnclaimedEnvironmentsOnly() {
        pool("change", 2, null, TEMPLATE_COMPONENTS);
        awaitPool("change", 2);
        claim("keeper", "change", null);
        awaitClaim("keeper", "Ready", "True", null);
        awaitPool("change", 2);
        String kept = getClaim("keeper").getStatus().getEnvironment();
        Set<String> before = environments("change").stream()
                .map(e -> e.getMetadata().getName())
                .collect(Collectors.toSet());

        Awaitility.await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            TestEnvironmentPool pool = getPool("change");
            pool.getSpec()
                    .getTemplate()
                    .getComponents()
                    .get(0)
                    .getManifests()
                    .get(0)
                    .getAdditionalProperties()
                    .put("data", java.util.Map.of("url", "postgres://db:5433"));
            admin.resource(pool).update();
            return true;
        });

        Awaitility.await().atMost(TIMEOUT).until(() -> {
            List<TestEnvironment> now = environments("change");
            return now.size() == 3
                    && now.stream()
                            .filter(e -> !e.getMetadata().getName().equals(kept))
                            .noneMatch(e -> before.contains(e.getMetadata().getName()));
        });
        awaitPool("change", 2);
        assertThat(tenants.get(ns, kept).getMetadata().getDeletionTimestamp())
                .as("the claimed one stays with its claim")
                .isNull();
        assertThat(getPool("change").getStatus().getTemplateGeneration()).isEqualTo(2L);
    }

    @Test
    void aFailingTemplateStallsWithoutACreateLoop() {
        pool("broken", 3, null, """
                - name: app
                  dependsOn: [{component: missing}]
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: app}}
                """);
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> Optional.ofNullable(getPool("broken").getStatus())
                        .flatMap(s -> s.getConditions().stream()
                                .filter(c -> c.getType().equals("Stalled")
                                        && c.getStatus().equals("True"))
                                .findFirst())
                        .isPresent());
        TestEnvironmentPool stalled = getPool("broken");
        assertThat(stalled.getStatus().getRetryAt()).isNotNull();
        int failuresThen = stalled.getStatus().getFailures();
        // backing off: 2 s, then 4 s, then 8 s between single attempts; 6 s see at most two more
        Awaitility.await()
                .pollDelay(Duration.ZERO)
                .during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(8))
                .until(() -> getPool("broken").getStatus().getFailures() <= failuresThen + 2
                        && environments("broken").size() <= 1);
        assertThat(getPool("broken").getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getReason()).isEqualTo("TemplateFails");
        });

        claim("hopeful", "broken", null);
        awaitClaim("hopeful", "Ready", "False", "PoolStalled");
        claim("lost", "nowhere", null);
        awaitClaim("lost", "Ready", "False", "PoolNotFound");
    }

    @Test
    void anExpiredLifetimeOrALapsedHeartbeatDeletesTheEnvironmentAndThePoolRefills() {
        pool("timed", 2, null, TEMPLATE_COMPONENTS);
        awaitPool("timed", 2);
        claim("brief", "timed", null, "lifetime: 4s");
        claim("quiet", "timed", null, "heartbeat: {timeoutSeconds: 5}");
        awaitClaim("brief", "Ready", "True", null);
        String briefEnv = getClaim("brief").getStatus().getEnvironment();
        assertThat(getClaim("brief").getStatus().getExpiresAt()).isNotNull();

        Condition expired = awaitClaim("brief", "Failed", "True", "LifetimeExpired");
        assertThat(expired.getMessage()).contains("lifetime");
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> Optional.ofNullable(tenants.get(ns, briefEnv))
                        .map(e -> e.getMetadata().getDeletionTimestamp() != null)
                        .orElse(true));

        awaitClaim("quiet", "Ready", "True", null);
        assertThat(tenants.get(ns, getClaim("quiet").getStatus().getEnvironment())
                        .getSpec()
                        .getHeartbeat()
                        .getTimeoutSeconds())
                .as("the claim's heartbeat is the environment's")
                .isEqualTo(5);
        awaitClaim("quiet", "Failed", "True", "EnvironmentGone");
        assertThat(getClaim("quiet").getStatus().getEnvironment()).isNotNull();
        awaitPool("timed", 2);
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(
                        () -> io.restassured.RestAssured.get("/q/metrics").asString(),
                        metrics -> metrics.contains("testenv_claim_seconds_count"));
    }

    /** What kubectl scale tepool/<name> --replicas=N sends: a merge patch of the scale subresource. */
    GenericKubernetesResource scale(String pool, int replicas) {
        return admin.genericKubernetesResources(TestEnvironment.API_VERSION, "TestEnvironmentPool")
                .inNamespace(ns)
                .withName(pool)
                .subresource("scale")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    @Test
    void kubectlScaleSetsTheSize() {
        pool("scaled", 1, null, TEMPLATE_COMPONENTS);
        awaitPool("scaled", 1);
        KubeApi.Result scaled = api.kubectl(null, "scale", "-n", ns, "tepool/scaled", "--replicas=4");
        assertThat(scaled.exitCode()).as(scaled.output()).isZero();
        assertThat(getPool("scaled").getSpec().getSize()).isEqualTo(4);
        awaitPool("scaled", 4);
        assertThat(environments("scaled")).hasSize(4);
        KubeApi.Result table = api.kubectl(null, "get", "-n", ns, "tepool", "scaled");
        assertThat(table.output())
                .contains("SIZE", "READY", "BRINGINGUP", "CLAIMED")
                .containsPattern("scaled +4 +4 +0 +0");

        GenericKubernetesResource scale = scale("scaled", 2);
        assertThat(scale.getKind()).isEqualTo("Scale");
        assertThat(scale.get("status", "replicas").toString())
                .as("status.ready")
                .isEqualTo("4");

        awaitPool("scaled", 2);
        Awaitility.await().atMost(TIMEOUT).until(() -> environments("scaled").size() == 2);
    }
}
