package io.testenv.operator.tenancy;

import static io.testenv.operator.tenancy.Tenants.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.reconciler.observe.Identities;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Impersonation on the real API server with RBAC: with spec.serviceAccountName every request is made as the
 * ServiceAccount (read back from a SelfSubjectReview and RBAC denials), RBAC's escalation checks apply, and an
 * empty or missing identity makes no request.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class ImpersonationTest {

    static int counter;

    @InjectKubeApi
    KubeApi api;

    @Inject
    Identities identities;

    KubernetesClient admin;
    Tenants tenants;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        ns = "impersonation-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void withAServiceAccountEveryRequestIsMadeAsItAndRbacDecides() {
        tenants.serviceAccount(ns, "deployer", rule("", "configmaps", "get", "create", "patch", "delete"));

        tenants.create(ns, Tenants.env("as-deployer", "deployer", """
                - name: config
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: allowed}}
                - name: web
                  dependsOn: [{component: config}]
                  manifests:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: registry.example/web:1}]}
                """));

        Condition failed = tenants.assertRefused(
                ns,
                "as-deployer",
                "ComponentFailed",
                "system:serviceaccount:" + ns + ":deployer may not get deployments.apps (Deployment web) in namespace "
                        + ns);
        assertThat(tenants.componentReason(ns, "as-deployer", "web")).isEqualTo("Forbidden");
        assertThat(tenants.componentReason(ns, "as-deployer", "config")).isEqualTo("Ready");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "allowed")).isTrue();
        assertThat(tenants.exists("apps/v1", "Deployment", ns, "web")).isFalse();

        SelfSubjectReview review = identities
                .of(new EnvironmentModel(ns, "as-deployer", 1, null, "1m", java.util.List.of(), "deployer"))
                .client()
                .resource(new SelfSubjectReviewBuilder().build())
                .create();
        assertThat(review.getStatus().getUserInfo().getUsername())
                .isEqualTo("system:serviceaccount:" + ns + ":deployer");
        assertThat(review.getStatus().getUserInfo().getGroups())
                .contains("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
        tenants.assertStillServing(ns);
    }

    @Test
    void rbacEscalationChecksStopARoleBindingToTheOperatorsRights() {
        tenants.serviceAccount(
                ns, "binder", rule("rbac.authorization.k8s.io", "rolebindings", "get", "create", "patch"));

        tenants.create(ns, Tenants.env("escalate", "binder", """
                - name: app
                  manifests:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: operator-rights}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                    subjects: [{kind: ServiceAccount, name: binder, namespace: %s}]
                """.formatted(ns)));

        tenants.assertRefused(
                ns,
                "escalate",
                "ComponentFailed",
                "may not patch rolebindings.rbac.authorization.k8s.io " + "(RoleBinding operator-rights) in namespace "
                        + ns,
                "attempting to grant RBAC permissions not " + "currently held");
        assertThat(tenants.componentReason(ns, "escalate", "app")).isEqualTo("Forbidden");
        assertThat(tenants.exists("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "operator-rights"))
                .isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void aServiceAccountThatDoesNotExistMakesNoRequestUntilItDoes() {
        tenants.create(ns, Tenants.env("ghost", "ghost", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: ghost}}
                """));

        tenants.assertRefused(
                ns, "ghost", "ServiceAccountRequired", "ServiceAccount ghost does not exist in " + "namespace " + ns);
        assertThat(tenants.exists("v1", "ConfigMap", ns, "ghost")).isFalse();

        tenants.serviceAccount(ns, "ghost", rule("", "configmaps", "get", "create", "patch"));
        tenants.await(ns, "ghost", "Ready", "True");
        GenericKubernetesResource created = admin.genericKubernetesResources("v1", "ConfigMap")
                .inNamespace(ns)
                .withName("ghost")
                .get();
        assertThat(created.getMetadata().getManagedFields())
                .anySatisfy(f -> assertThat(f.getManager())
                        .isEqualTo("testenv-operator/"
                                + tenants.get(ns, "ghost").getMetadata().getUid()));
    }

    @Test
    void anEmptyServiceAccountFailsClosed() {
        tenants.create(ns, Tenants.env("empty", "\"\"", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: empty}}
                """));

        tenants.assertRefused(ns, "empty", "ServiceAccountRequired", "spec.serviceAccountName is empty");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "empty")).isFalse();
        tenants.assertStillServing(ns);
    }
}
