package io.testenv.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confinement on the real API server: other namespaces, cluster-scoped kinds off the allow-list and, without a
 * ServiceAccount, kinds that grant rights are refused with their own reasons and nothing is created; a kind the
 * API server does not serve is reported and retried.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class ConfinementTest {

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
        ns = "confinement-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void anotherNamespaceIsRefusedAndNothingIsCreatedThere() {
        tenants.namespace(ns + "-victim");

        tenants.create(ns, Tenants.env("elsewhere", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: here}}
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: planted, namespace: %s-victim}}
                """.formatted(ns)));

        tenants.assertRefused(
                ns, "elsewhere", "NamespaceNotAllowed", "ConfigMap planted is in namespace '" + ns + "-victim'");
        assertThat(tenants.exists("v1", "ConfigMap", ns + "-victim", "planted")).isFalse();
        assertThat(tenants.exists("v1", "ConfigMap", ns, "here")).isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void clusterScopedKindsOffTheAllowListAreRefused() {
        tenants.create(ns, Tenants.env("cluster", """
                - name: app
                  manifests:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata: {name: %s-everything}
                    rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
                  - {apiVersion: v1, kind: Namespace, metadata: {name: %s-new}}
                """.formatted(ns, ns)));

        tenants.assertRefused(
                ns,
                "cluster",
                "ClusterScopedNotAllowed",
                "ClusterRole " + ns + "-everything is " + "cluster-scoped",
                "Namespace " + ns + "-new is cluster-scoped");
        assertThat(tenants.exists("rbac.authorization.k8s.io/v1", "ClusterRole", null, ns + "-everything"))
                .isFalse();
        assertThat(tenants.exists("v1", "Namespace", null, ns + "-new")).isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void kindsThatGrantRightsAreRefusedWithoutAServiceAccount() {
        tenants.create(ns, Tenants.env("neighbour", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: neighbour}}
                """));
        tenants.await(ns, "neighbour", "Ready", "True");
        long neighbourGeneration = tenants.get(ns, "neighbour").getMetadata().getGeneration();

        tenants.create(ns, Tenants.env("nested", """
                - name: app
                  manifests:
                  - apiVersion: testenv.io/v1alpha1
                    kind: TestEnvironment
                    metadata: {name: neighbour}
                    spec: {components: [{name: evil, manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: evil}}]}]}
                """));
        tenants.create(ns, Tenants.env("binding", """
                - name: app
                  manifests:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: operator-rights}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: testenv-operator-objects}
                    subjects: [{kind: User, name: mallory}]
                """));
        tenants.create(ns, Tenants.env("token", """
                - name: app
                  manifests:
                  - apiVersion: v1
                    kind: Secret
                    type: kubernetes.io/service-account-token
                    metadata: {name: token, annotations: {kubernetes.io/service-account.name: default}}
                """));
        tenants.create(ns, Tenants.env("pod", """
                - name: app
                  manifests:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: privileged}
                    spec:
                      selector: {matchLabels: {app: p}}
                      template:
                        metadata: {labels: {app: p}}
                        spec: {serviceAccountName: builder, containers: [{name: p, image: registry.example/p:1}]}
                """));

        tenants.assertRefused(
                ns,
                "nested",
                "TestEnvironmentNotAllowed",
                "TestEnvironment neighbour is a " + "TestEnvironment",
                "spec.serviceAccountName");
        tenants.assertRefused(ns, "binding", "RBACNotAllowed", "RoleBinding operator-rights grants rights");
        tenants.assertRefused(ns, "token", "TokenSecretNotAllowed", "Secret token is a ServiceAccount token Secret");
        tenants.assertRefused(ns, "pod", "PodServiceAccountNotAllowed", "runs pods as ServiceAccount 'builder'");
        assertThat(tenants.get(ns, "neighbour").getMetadata().getGeneration()).isEqualTo(neighbourGeneration);
        assertThat(tenants.exists("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "operator-rights"))
                .isFalse();
        assertThat(tenants.exists("v1", "Secret", ns, "token")).isFalse();
        assertThat(tenants.exists("apps/v1", "Deployment", ns, "privileged")).isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void aKindTheApiServerDoesNotServeIsReportedAndRetried() {
        tenants.create(ns, Tenants.env("unserved", """
                - name: app
                  manifests: [{apiVersion: nowhere.example.com/v1, kind: Phantom, metadata: {name: p}}]
                """));

        org.awaitility.Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .ignoreExceptions()
                .until(() -> {
                    var env = tenants.get(ns, "unserved");
                    return env.getStatus() != null
                            && env.getStatus().getComponents() != null
                            && "KindNotServed".equals(tenants.componentReason(ns, "unserved", "app"));
                });
        assertThat(admin.getKubernetesSerialization()
                        .asYaml(tenants.get(ns, "unserved").getStatus()))
                .contains("Phantom (nowhere.example.com/v1) is not served by the API server");
        assertThat(tenants.condition(ns, "unserved", "Failed"))
                .get()
                .extracting(Condition::getStatus)
                .isEqualTo("False");
        tenants.assertStillServing(ns);
    }
}
