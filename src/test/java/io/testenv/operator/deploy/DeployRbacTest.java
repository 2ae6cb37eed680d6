package io.testenv.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpecBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RBAC of each deploy variant, rendered by the provisioned kubectl's kustomize, applied to a real kube-apiserver
 * and judged by it: each row is a SubjectAccessReview for the operator's ServiceAccount (or team-a's deployer). One
 * variant at a time (they share ClusterRole names), deleted after. Without a controller-manager here aggregated
 * ClusterRoles stay empty, so no row relies on aggregation.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class DeployRbacTest {

    static final String SYSTEM = "testenv-system";
    static final String TEAM = "team-a";
    static final Map<String, String> SUBJECTS = Map.of(
            "operator", "system:serviceaccount:" + SYSTEM + ":testenv-operator",
            "deployer", "system:serviceaccount:" + TEAM + ":testenv-deployer");
    /** Short names for API groups in the tables; any other group is written out. */
    static final Map<String, String> GROUPS = Map.of(
            "core",
            "",
            "rbac",
            "rbac.authorization.k8s.io",
            "apiextensions",
            "apiextensions.k8s.io",
            "coordination",
            "coordination.k8s.io");

    /** The kinds components may contain, as group/resource. */
    static final List<String> KINDS = List.of(
            "core/configmaps",
            "core/secrets",
            "core/services",
            "core/serviceaccounts",
            "core/persistentvolumeclaims",
            "apps/deployments",
            "apps/statefulsets",
            "apps/daemonsets",
            "apps/replicasets",
            "batch/jobs",
            "batch/cronjobs",
            "networking.k8s.io/ingresses",
            "networking.k8s.io/networkpolicies",
            "policy/poddisruptionbudgets");
    /** What the informers watch: those kinds, and pods (reported, never written). */
    static final List<String> WATCHED =
            Stream.concat(KINDS.stream(), Stream.of("core/pods")).toList();

    static final List<String> WRITES = List.of("create", "patch", "delete");

    /** expected | subject | verb | group/resource[/subresource][:name] or a URL path | namespace | why */
    static final String EVERY_VARIANT = """
            allow | operator | get | apiextensions/customresourcedefinitions:testenvironments.testenv.io | | CRD check
            allow | operator | get | apiextensions/customresourcedefinitions:testenvironmentpools.testenv.io | | CRD check
            allow | operator | get | apiextensions/customresourcedefinitions:testenvironmentclaims.testenv.io | | CRD check
            deny  | operator | get | apiextensions/customresourcedefinitions:widgets.example.com | | no other CRD
            deny  | operator | list   | apiextensions/customresourcedefinitions | | no CRD informer by default
            deny  | operator | create | apiextensions/customresourcedefinitions | | no CRD writes by default
            allow | operator | get    | coordination/leases | testenv-system | leader election: read the Lease
            allow | operator | create | coordination/leases | testenv-system | leader election: create the Lease
            allow | operator | update | coordination/leases | testenv-system | leader election: checked at start-up
            allow | operator | patch  | coordination/leases | testenv-system | leader election: renew (merge patch)
            allow | operator | get    | /apis | | discovery, from system:discovery
            deny  | operator | create | rbac/roles | team-a | no RBAC writes: Roles
            deny  | operator | patch  | rbac/rolebindings | team-a | no RBAC writes: RoleBindings
            deny  | operator | create | rbac/clusterroles | | no RBAC writes: ClusterRoles
            deny  | operator | patch  | rbac/clusterrolebindings | | no RBAC writes: ClusterRoleBindings
            deny  | operator | bind   | rbac/clusterroles:admin | team-a | no bind
            deny  | operator | escalate | rbac/clusterroles | | no escalate on ClusterRoles
            deny  | operator | escalate | rbac/roles | team-a | no escalate on Roles
            deny  | operator | impersonate | core/users | | no impersonating users
            deny  | operator | impersonate | core/groups | | no impersonating groups
            deny  | operator | create | core/pods | team-a | pods are never written
            deny  | operator | delete | testenv.io/testenvironmentpools | team-a | never deletes a pool
            deny  | operator | create | testenv.io/testenvironmentclaims | team-a | never claims by itself
            deny  | operator | delete | testenv.io/testenvironmentclaims | team-a | never deletes a claim
            """;

    /** Where the operator may not make namespaces, and so refuses spec.targetNamespace. */
    static final String NO_NAMESPACES = """
            deny  | operator | create | core/namespaces | | no namespace made for an environment
            deny  | operator | list   | core/namespaces | | no namespaces listed
            deny  | operator | delete | core/namespaces | | no namespace deleted
            """;

    /** Its own API in one namespace (%1$s; empty: all namespaces). */
    static final String OWN_API = """
            allow | operator | get    | testenv.io/testenvironments | %1$s | TestEnvironment informer: get
            allow | operator | list   | testenv.io/testenvironments | %1$s | TestEnvironment informer: list
            allow | operator | watch  | testenv.io/testenvironments | %1$s | TestEnvironment informer: watch
            allow | operator | patch  | testenv.io/testenvironments | %1$s | finalizer: patch
            allow | operator | update | testenv.io/testenvironments | %1$s | finalizer: update
            allow | operator | delete | testenv.io/testenvironments | %1$s | time to live: delete
            allow | operator | patch  | testenv.io/testenvironments/status | %1$s | status subresource: patch
            allow | operator | update | testenv.io/testenvironments/status | %1$s | status subresource: update
            allow | operator | update | testenv.io/testenvironments/finalizers | %1$s | blockOwnerDeletion
            allow | operator | create | testenv.io/testenvironments | %1$s | pool: creates its environments
            allow | operator | list   | testenv.io/testenvironmentpools | %1$s | pool informer: list
            allow | operator | watch  | testenv.io/testenvironmentpools | %1$s | pool informer: watch
            allow | operator | patch  | testenv.io/testenvironmentpools/status | %1$s | pool status
            allow | operator | update | testenv.io/testenvironmentpools/finalizers | %1$s | pool: blockOwnerDeletion
            allow | operator | list   | testenv.io/testenvironmentclaims | %1$s | claim informer: list
            allow | operator | watch  | testenv.io/testenvironmentclaims | %1$s | claim informer: watch
            allow | operator | patch  | testenv.io/testenvironmentclaims | %1$s | claim: finalizer
            allow | operator | patch  | testenv.io/testenvironmentclaims/status | %1$s | claim status
            allow | operator | update | testenv.io/testenvironmentclaims/finalizers | %1$s | claim: blockOwnerDeletion
            allow | operator | create | core/events | %1$s | Events: create
            allow | operator | patch  | core/events | %1$s | Events: patch
            allow | operator | create | events.k8s.io/events | %1$s | Events (events.k8s.io): create
            """;

    /** What the cluster-wide operator may do, and the sharded variant's replicas (which share its rights). */
    static final String CLUSTER_WIDE = EVERY_VARIANT + OWN_API.formatted("") + OWN_API.formatted(TEAM)
            + forKinds(WATCHED, List.of("list", "watch"), "allow", "", "informer:")
            + forKinds(KINDS, WRITES, "allow", TEAM, "server-side apply and prune:") + """
                deny  | operator | update | apps/deployments | team-a | no update: server-side apply is a patch
                allow | operator | watch  | coordination/leases | | heartbeat Leases: informer
                allow | operator | create | coordination/leases | team-a | heartbeat Lease: create
                allow | operator | patch  | coordination/leases | team-a | heartbeat Lease: server-side apply
                allow | operator | delete | coordination/leases | team-a | heartbeat Lease: dropped from the spec
                deny  | operator | impersonate | core/serviceaccounts:testenv-deployer | team-a | no impersonation
                allow | operator | list   | core/namespaces | | target namespace: found again by its uid label
                allow | operator | create | core/namespaces | | target namespace: created for an environment
                allow | operator | delete | core/namespaces | | target namespace: deleted with its environment
                deny  | operator | patch  | core/namespaces | | target namespace: never relabelled
                deny  | operator | update | core/namespaces | | target namespace: never rewritten
                """;

    @InjectKubeApi
    KubeApi api;

    @BeforeEach
    void namespaces() {
        Stream.of(SYSTEM, TEAM)
                .forEach(name -> api.client()
                        .namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .endMetadata()
                                .build())
                        .serverSideApply());
    }

    @Test
    void clusterWideWritesWorkloadsEverywhereButNoRbac() {
        String rendered = render("deploy");
        assertThat(rendered)
                .as("kubectl apply -k deploy/ is the cluster-wide variant")
                .isEqualTo(render("deploy/cluster-wide"));
        verify(
                rendered,
                null,
                CLUSTER_WIDE,
                bound -> assertThat(aggregated(bound))
                        .as("the one aggregated ClusterRole (admins extend it)")
                        .containsExactly("testenv-operator-objects"));
    }

    /**
     * Three Deployments (no shard, shards a and b) of one ServiceAccount, whose pods no other of them selects, with
     * the cluster-wide rights.
     */
    @Test
    void shardedRunsAReplicaPerShardWithTheClusterWideRights() {
        String rendered = render("deploy/sharded");
        List<Deployment> deployments =
                api.client().load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8))).items().stream()
                        .filter(Deployment.class::isInstance)
                        .map(Deployment.class::cast)
                        .toList();
        assertThat(deployments)
                .extracting(
                        d -> d.getMetadata().getName(),
                        d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                                .filter(e -> e.getName().equals("TESTENV_SHARD"))
                                .map(EnvVar::getValue)
                                .findFirst()
                                .orElse("(none)"),
                        d -> d.getSpec().getTemplate().getSpec().getServiceAccountName())
                .containsExactlyInAnyOrder(
                        tuple("testenv-operator", "(none)", "testenv-operator"),
                        tuple("testenv-operator-shard-a", "a", "testenv-operator"),
                        tuple("testenv-operator-shard-b", "b", "testenv-operator"));
        for (Deployment deployment : deployments) {
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            assertThat(deployments.stream()
                            .filter(other -> other != deployment)
                            .filter(other -> other.getSpec()
                                    .getTemplate()
                                    .getMetadata()
                                    .getLabels()
                                    .entrySet()
                                    .containsAll(selector.entrySet()))
                            .map(other -> other.getMetadata().getName()))
                    .as(
                            "other Deployments whose pods %s selects",
                            deployment.getMetadata().getName())
                    .isEmpty();
        }
        verify(
                rendered,
                null,
                CLUSTER_WIDE,
                bound -> assertThat(aggregated(bound))
                        .as("the cluster-wide variant's one aggregated ClusterRole")
                        .containsExactly("testenv-operator-objects"));
    }

    @Test
    void singleNamespaceHoldsNothingOutsideItsNamespace() {
        verify(
                render("deploy/single-namespace"),
                null,
                EVERY_VARIANT + OWN_API.formatted(SYSTEM)
                        + forKinds(WATCHED, List.of("list", "watch"), "allow", SYSTEM, "informer in its namespace:")
                        + forKinds(KINDS, WRITES, "allow", SYSTEM, "apply in its namespace:")
                        + forKinds(KINDS, WRITES, "deny", TEAM, "nothing outside:") + """
                deny  | operator | list   | testenv.io/testenvironments | | no TestEnvironments of all namespaces
                allow | operator | watch  | coordination/leases | testenv-system | heartbeat Leases: informer
                allow | operator | delete | coordination/leases | testenv-system | heartbeat Lease: dropped
                deny  | operator | create | coordination/leases | team-a | no Lease outside its namespace
                deny  | operator | get    | testenv.io/testenvironments | team-a | no TestEnvironments elsewhere
                deny  | operator | patch  | testenv.io/testenvironments/status | team-a | no status elsewhere
                deny  | operator | create | core/events | team-a | no Events elsewhere
                deny  | operator | list   | core/configmaps | | no informer over all namespaces
                deny  | operator | list   | core/secrets | team-a | no Secrets of another namespace
                deny  | operator | impersonate | core/serviceaccounts:testenv-deployer | testenv-system | none
                """ + NO_NAMESPACES,
                bound -> {
                    assertThat(bound.keySet())
                            .as("ClusterRoles bound to the operator: only the CRD check")
                            .containsExactly("testenv-operator-crd-check");
                    assertThat(aggregated(bound)).isEmpty();
                });
    }

    @Test
    void multiTenantOnlyReadsAndImpersonatesTheDeployer() {
        verify(
                render("deploy/multi-tenant"),
                Path.of("deploy/multi-tenant/team-example.yaml").toAbsolutePath() + "",
                EVERY_VARIANT + OWN_API.formatted("") + OWN_API.formatted(TEAM)
                        + forKinds(WATCHED, List.of("list", "watch"), "allow", "", "informer:")
                        + forKinds(
                                KINDS, List.of("create", "patch", "update", "delete"), "deny", TEAM, "no own writes:")
                        + forKinds(KINDS, WRITES, "deny", SYSTEM, "no own writes:") + """
                allow | operator | get | core/serviceaccounts:testenv-deployer | team-a | does the SA exist
                allow | operator | impersonate | core/serviceaccounts:testenv-deployer | team-a | act as the deployer
                allow | operator | impersonate | core/serviceaccounts:testenv-deployer | team-b | in any namespace
                deny  | operator | impersonate | core/serviceaccounts:default | team-a | no other ServiceAccount
                deny  | operator | impersonate | core/serviceaccounts:namespace-controller | kube-system | no system SA
                deny  | operator | impersonate | core/serviceaccounts | team-a | not every ServiceAccount
                deny  | operator | deletecollection | core/secrets | team-a | no Secret writes
                allow | deployer | create | apps/deployments | team-a | team Role: create
                allow | deployer | patch  | core/configmaps | team-a | team Role: server-side apply
                allow | deployer | get    | core/secrets | team-a | team Role: ownership check before a write
                allow | deployer | delete | batch/jobs | team-a | team Role: prune and teardown
                allow | deployer | update | testenv.io/testenvironments/finalizers | team-a | team Role: owner refs
                allow | operator | watch  | coordination/leases | | heartbeat Leases: informer
                deny  | operator | create | coordination/leases | team-a | no Lease writes of its own
                deny  | operator | patch  | coordination/leases | team-a | no Lease writes of its own
                allow | deployer | create | coordination/leases | team-a | team Role: the heartbeat Lease
                allow | deployer | patch  | coordination/leases | team-a | team Role: the heartbeat Lease
                deny  | deployer | create | apps/deployments | team-b | team Role: its namespace only
                deny  | deployer | create | rbac/roles | team-a | team Role: no RBAC unless added
                deny  | deployer | create | core/pods | team-a | team Role: no pods
                deny  | deployer | create | core/namespaces | | team Role: no namespaces
                """ + NO_NAMESPACES,
                bound -> assertThat(aggregated(bound))
                        .as("no aggregated ClusterRole bound to the operator")
                        .isEmpty());
    }

    /** One SubjectAccessReview and its expected answer; the name says why, and what is asked. */
    record Row(boolean allowed, String who, String verb, String resource, String namespace, String name) {}

    /**
     * Applies the rendered variant's RBAC (and the team file, as docs/deploy.md says: kubectl apply -n team-a -f),
     * checks every row, deletes what it applied.
     */
    private void verify(String rendered, String teamFile, String table, Consumer<Map<String, ClusterRole>> bound) {
        byte[] yaml = rendered.getBytes(StandardCharsets.UTF_8);
        List<HasMetadata> applied = api.client().load(new ByteArrayInputStream(yaml)).items().stream()
                .filter(o -> o.getApiVersion().startsWith("rbac.authorization.k8s.io/"))
                .toList();
        List<Row> rows = rows(table);
        try {
            api.client()
                    .resourceList(applied)
                    .fieldManager("deploy-rbac-test")
                    .forceConflicts()
                    .serverSideApply();
            if (teamFile != null) {
                KubeApi.Result team = api.kubectl(null, "apply", "-n", TEAM, "-f", teamFile);
                assertThat(team.exitCode()).as(team.output()).isZero();
            }
            // The authorizer reads RBAC from its own watch caches: give it a moment to see every object.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        SoftAssertions softly = new SoftAssertions();
                        rows.forEach(row ->
                                softly.assertThat(allowed(row)).as(row.name()).isEqualTo(row.allowed()));
                        softly.assertAll();
                    });
            bound.accept(boundClusterRoles());
        } finally {
            api.client().resourceList(applied).delete();
            if (teamFile != null) {
                api.kubectl(null, "delete", "-n", TEAM, "--ignore-not-found", "-f", teamFile);
            }
        }
    }

    private String render(String dir) {
        KubeApi.Result result =
                api.kubectl(null, "kustomize", Path.of(dir).toAbsolutePath().toString());
        assertThat(result.exitCode())
                .as("kubectl kustomize " + dir + ":\n" + result.output())
                .isZero();
        return result.output();
    }

    static List<Row> rows(String table) {
        return table.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> {
                    String[] c =
                            Stream.of(line.split("\\|", -1)).map(String::strip).toArray(String[]::new);
                    if (c.length != 6 || !(c[0].equals("allow") || c[0].equals("deny"))) {
                        throw new IllegalArgumentException("not a row: " + line);
                    }
                    boolean allowed = c[0].equals("allow");
                    return new Row(
                            allowed,
                            c[1],
                            c[2],
                            c[3],
                            c[4],
                            c[5] + " [" + c[1] + " " + c[2] + " " + c[3] + (c[4].isEmpty() ? "" : " -n " + c[4])
                                    + " should be " + (allowed ? "allowed]" : "denied]"));
                })
                .toList();
    }

    static String forKinds(List<String> kinds, List<String> verbs, String expected, String namespace, String why) {
        return kinds.stream()
                .flatMap(kind -> verbs.stream()
                        .map(verb -> String.join(
                                " | ",
                                expected,
                                "operator",
                                verb,
                                kind,
                                namespace,
                                why + " " + verb + " " + kind.substring(kind.indexOf('/') + 1))))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The API server's answer for the row's subject, with the groups its authenticator gives a ServiceAccount. */
    private boolean allowed(Row row) {
        String user = SUBJECTS.get(row.who());
        SubjectAccessReviewSpecBuilder spec = new SubjectAccessReviewSpecBuilder()
                .withUser(user)
                .withGroups(
                        "system:serviceaccounts",
                        "system:serviceaccounts:" + user.split(":")[2],
                        "system:authenticated");
        if (row.resource().startsWith("/")) {
            spec.withNonResourceAttributes(new NonResourceAttributesBuilder()
                    .withVerb(row.verb())
                    .withPath(row.resource())
                    .build());
        } else {
            String[] named = row.resource().split(":", 2);
            String[] path = named[0].split("/");
            spec.withResourceAttributes(new ResourceAttributesBuilder()
                    .withVerb(row.verb())
                    .withGroup(GROUPS.getOrDefault(path[0], path[0]))
                    .withResource(path[1])
                    .withSubresource(path.length > 2 ? path[2] : null)
                    .withName(named.length > 1 ? named[1] : null)
                    .withNamespace(row.namespace().isEmpty() ? null : row.namespace())
                    .build());
        }
        SubjectAccessReview review = api.client()
                .authorization()
                .v1()
                .subjectAccessReview()
                .create(new SubjectAccessReviewBuilder().withSpec(spec.build()).build());
        return Boolean.TRUE.equals(review.getStatus().getAllowed());
    }

    /** The ClusterRoles that ClusterRoleBindings grant the operator's ServiceAccount, as the server has them. */
    private Map<String, ClusterRole> boundClusterRoles() {
        Map<String, ClusterRole> bound = new TreeMap<>();
        api.client().rbac().clusterRoleBindings().list().getItems().stream()
                .filter(b -> b.getSubjects() != null
                        && b.getSubjects().stream()
                                .anyMatch(s -> "ServiceAccount".equals(s.getKind())
                                        && "testenv-operator".equals(s.getName())
                                        && SYSTEM.equals(s.getNamespace())))
                .forEach(b -> bound.put(
                        b.getRoleRef().getName(),
                        api.client()
                                .rbac()
                                .clusterRoles()
                                .withName(b.getRoleRef().getName())
                                .get()));
        return bound;
    }

    private static List<String> aggregated(Map<String, ClusterRole> bound) {
        return bound.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue().getAggregationRule() != null)
                .map(Map.Entry::getKey)
                .toList();
    }
}
