package io.testenv.operator.tenancy;

import static io.testenv.operator.tenancy.Tenants.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.planner.model.EnvironmentModel;
import io.testenv.operator.reconciler.Identities;

/**
 * The tenancy catalogue on a real kube-apiserver with RBAC: each case tries what an attacker or a careless author
 * would, and asserts the reason, the message, that nothing was created or changed, and that the operator still
 * serves a good environment afterwards. Identities are read from the API server's own answers.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
public class TenancyTest {

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
        ns = "tenancy-" + (++counter);
        tenants.namespace(ns);
    }

    public static String env(String name, String components) {
        return """
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: %s}
                spec:
                  timeout: 20s
                  components:
                %s""".formatted(name, components.indent(2));
    }

    public static String env(String name, String serviceAccount, String components) {
        return env(name, components).replace("  timeout: 20s\n", "  timeout: 20s\n  serviceAccountName: " + serviceAccount
                + "\n");
    }

    @Test
    void unlabelledExistingObjectsAreAConflictAndStayUnchanged() {
        admin.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("db").endMetadata()
                .addToStringData("password", "hunter2").build()).create();
        Deployment web = admin.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withReplicas(1).withNewSelector()
                .addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("web")
                .withImage("registry.example/web:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        String secretVersion = admin.secrets().inNamespace(ns).withName("db").get().getMetadata().getResourceVersion();

        tenants.create(ns, env("takeover", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: Secret, metadata: {name: db}, stringData: {password: swapped}}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: attacker.example/web:evil}]}
                """));

        tenants.assertRefused(ns, "takeover", "ComponentFailed", "already exists and was not created by this "
                + "environment", "it is left alone");
        assertThat(tenants.componentReason(ns, "takeover", "app")).isEqualTo("Conflict");
        assertThat(admin.secrets().inNamespace(ns).withName("db").get().getMetadata().getResourceVersion())
                .isEqualTo(secretVersion);
        Deployment after = admin.apps().deployments().inNamespace(ns).withName("web").get();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(web.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(Tenants.labelsOf(after)).doesNotContainKey("testenv.io/environment");
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/web:1");
        tenants.assertNowhere(ns, "takeover", "hunter2");

        admin.resources(io.testenv.operator.api.TestEnvironment.class).inNamespace(ns).withName("takeover").delete();
        org.awaitility.Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "takeover") == null);
        assertThat(tenants.exists("v1", "Secret", ns, "db")).isTrue();
        assertThat(tenants.exists("apps/v1", "Deployment", ns, "web")).isTrue();
        tenants.assertStillServing(ns);
    }

    @Test
    void copiedLabelsDoNotMakeAnObjectTheEnvironments() {
        admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .addToLabels(Map.of("testenv.io/environment", "copycat", "testenv.io/environment-namespace", ns,
                        "testenv.io/component", "app"))
                .endMetadata().addToData("mode", "production").build()).create();

        tenants.create(ns, env("copycat", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: test}}
                """));

        tenants.assertRefused(ns, "copycat", "ComponentFailed", "ConfigMap settings already exists");
        assertThat(admin.configMaps().inNamespace(ns).withName("settings").get().getData())
                .containsEntry("mode", "production");
        tenants.assertStillServing(ns);
    }

    @Test
    void aFieldAnotherManagerOwnsIsAConflictNotForcedOverWhenDriftIsOnlyReported() {
        tenants.create(ns, env("shared-field", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: test}}
                """).replace("  timeout: 20s\n", "  timeout: 20s\n  drift: Report\n"));
        tenants.await(ns, "shared-field", "Ready", "True");
        admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("mode", "production").build())
                .fieldManager("platform-team").forceConflicts().serverSideApply();

        tenants.edit(ns, "shared-field", env -> env.getSpec().getComponents().get(0).getManifests().get(0)
                .setAdditionalProperty("data", Map.of("mode", "test", "extra", "1")));

        tenants.assertRefused(ns, "shared-field", "ComponentFailed", "ConfigMap settings: Apply failed with 1 "
                + "conflict: conflict with \"platform-team\"", "it is left alone");
        assertThat(tenants.componentReason(ns, "shared-field", "app")).isEqualTo("Conflict");
        assertThat(admin.configMaps().inNamespace(ns).withName("settings").get().getData())
                .containsEntry("mode", "production").doesNotContainKey("extra");
        tenants.assertStillServing(ns);
    }

    @Test
    void anotherNamespaceIsRefusedAndNothingIsCreatedThere() {
        tenants.namespace(ns + "-victim");

        tenants.create(ns, env("elsewhere", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: here}}
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: planted, namespace: %s-victim}}
                """.formatted(ns)));

        tenants.assertRefused(ns, "elsewhere", "NamespaceNotAllowed", "ConfigMap planted is in namespace '" + ns
                + "-victim'");
        assertThat(tenants.exists("v1", "ConfigMap", ns + "-victim", "planted")).isFalse();
        assertThat(tenants.exists("v1", "ConfigMap", ns, "here")).isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void clusterScopedKindsOffTheAllowListAreRefused() {
        tenants.create(ns, env("cluster", """
                - name: app
                  manifests:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata: {name: %s-everything}
                    rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]
                  - {apiVersion: v1, kind: Namespace, metadata: {name: %s-new}}
                """.formatted(ns, ns)));

        tenants.assertRefused(ns, "cluster", "ClusterScopedNotAllowed", "ClusterRole " + ns + "-everything is "
                + "cluster-scoped", "Namespace " + ns + "-new is cluster-scoped");
        assertThat(tenants.exists("rbac.authorization.k8s.io/v1", "ClusterRole", null, ns + "-everything")).isFalse();
        assertThat(tenants.exists("v1", "Namespace", null, ns + "-new")).isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void anExistingCrdOnTheAllowListIsAConflictAndSurvivesTheEnvironment() {
        admin.apiextensions().v1().customResourceDefinitions()
                .resource(io.testenv.operator.testing.Manifests.crd("example.com", "gadgets", "Gadget")).create();

        tenants.create(ns, env("crd", """
                - name: app
                  manifests:
                  - apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: gadgets.example.com}
                    spec:
                      group: example.com
                      names: {kind: Gadget, plural: gadgets}
                      scope: Namespaced
                      versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                """));

        tenants.assertRefused(ns, "crd", "ComponentFailed", "CustomResourceDefinition gadgets.example.com already "
                + "exists");
        admin.resources(io.testenv.operator.api.TestEnvironment.class).inNamespace(ns).withName("crd").delete();
        org.awaitility.Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> tenants.get(ns, "crd") == null);
        assertThat(tenants.exists("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "gadgets.example.com"))
                .isTrue();
    }

    @Test
    void kindsThatGrantRightsAreRefusedWithoutAServiceAccount() {
        tenants.create(ns, env("neighbour", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: neighbour}}
                """));
        tenants.await(ns, "neighbour", "Ready", "True");
        long neighbourGeneration = tenants.get(ns, "neighbour").getMetadata().getGeneration();

        tenants.create(ns, env("nested", """
                - name: app
                  manifests:
                  - apiVersion: testenv.io/v1alpha1
                    kind: TestEnvironment
                    metadata: {name: neighbour}
                    spec: {components: [{name: evil, manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: evil}}]}]}
                """));
        tenants.create(ns, env("binding", """
                - name: app
                  manifests:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: operator-rights}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: testenv-operator-objects}
                    subjects: [{kind: User, name: mallory}]
                """));
        tenants.create(ns, env("token", """
                - name: app
                  manifests:
                  - apiVersion: v1
                    kind: Secret
                    type: kubernetes.io/service-account-token
                    metadata: {name: token, annotations: {kubernetes.io/service-account.name: default}}
                """));
        tenants.create(ns, env("pod", """
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

        tenants.assertRefused(ns, "nested", "TestEnvironmentNotAllowed", "TestEnvironment neighbour is a "
                + "TestEnvironment", "spec.serviceAccountName");
        tenants.assertRefused(ns, "binding", "RBACNotAllowed", "RoleBinding operator-rights grants rights");
        tenants.assertRefused(ns, "token", "TokenSecretNotAllowed", "Secret token is a ServiceAccount token Secret");
        tenants.assertRefused(ns, "pod", "PodServiceAccountNotAllowed", "runs pods as ServiceAccount 'builder'");
        assertThat(tenants.get(ns, "neighbour").getMetadata().getGeneration()).isEqualTo(neighbourGeneration);
        assertThat(tenants.exists("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "operator-rights")).isFalse();
        assertThat(tenants.exists("v1", "Secret", ns, "token")).isFalse();
        assertThat(tenants.exists("apps/v1", "Deployment", ns, "privileged")).isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void withAServiceAccountEveryRequestIsMadeAsItAndRbacDecides() {
        tenants.serviceAccount(ns, "deployer", rule("", "configmaps", "get", "create", "patch", "delete"));

        tenants.create(ns, env("as-deployer", "deployer", """
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

        Condition failed = tenants.assertRefused(ns, "as-deployer", "ComponentFailed",
                "system:serviceaccount:" + ns + ":deployer may not get deployments.apps (Deployment web) in namespace "
                        + ns);
        assertThat(tenants.componentReason(ns, "as-deployer", "web")).isEqualTo("Forbidden");
        assertThat(tenants.componentReason(ns, "as-deployer", "config")).isEqualTo("Ready");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "allowed")).isTrue();
        assertThat(tenants.exists("apps/v1", "Deployment", ns, "web")).isFalse();

        SelfSubjectReview review = identities.of(new EnvironmentModel(ns, "as-deployer", 1, null, "1m",
                java.util.List.of(), "deployer")).client().resource(new SelfSubjectReviewBuilder().build()).create();
        assertThat(review.getStatus().getUserInfo().getUsername()).isEqualTo("system:serviceaccount:" + ns + ":deployer");
        assertThat(review.getStatus().getUserInfo().getGroups()).contains("system:serviceaccounts",
                "system:serviceaccounts:" + ns, "system:authenticated");
        tenants.assertStillServing(ns);
    }

    @Test
    void rbacEscalationChecksStopARoleBindingToTheOperatorsRights() {
        tenants.serviceAccount(ns, "binder", rule("rbac.authorization.k8s.io", "rolebindings", "get", "create", "patch"));

        tenants.create(ns, env("escalate", "binder", """
                - name: app
                  manifests:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: operator-rights}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                    subjects: [{kind: ServiceAccount, name: binder, namespace: %s}]
                """.formatted(ns)));

        tenants.assertRefused(ns, "escalate", "ComponentFailed", "may not patch rolebindings.rbac.authorization.k8s.io "
                + "(RoleBinding operator-rights) in namespace " + ns, "attempting to grant RBAC permissions not "
                + "currently held");
        assertThat(tenants.componentReason(ns, "escalate", "app")).isEqualTo("Forbidden");
        assertThat(tenants.exists("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "operator-rights")).isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void aServiceAccountThatDoesNotExistMakesNoRequestUntilItDoes() {
        tenants.create(ns, env("ghost", "ghost", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: ghost}}
                """));

        tenants.assertRefused(ns, "ghost", "ServiceAccountRequired", "ServiceAccount ghost does not exist in "
                + "namespace " + ns);
        assertThat(tenants.exists("v1", "ConfigMap", ns, "ghost")).isFalse();

        tenants.serviceAccount(ns, "ghost", rule("", "configmaps", "get", "create", "patch"));
        tenants.await(ns, "ghost", "Ready", "True");
        GenericKubernetesResource created = admin.genericKubernetesResources("v1", "ConfigMap").inNamespace(ns)
                .withName("ghost").get();
        assertThat(created.getMetadata().getManagedFields()).anySatisfy(f -> assertThat(f.getManager())
                .isEqualTo("testenv-operator"));
    }

    @Test
    void anEmptyServiceAccountFailsClosed() {
        tenants.create(ns, env("empty", "\"\"", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: empty}}
                """));

        tenants.assertRefused(ns, "empty", "ServiceAccountRequired", "spec.serviceAccountName is empty");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "empty")).isFalse();
        tenants.assertStillServing(ns);
    }

    @Test
    void celNeverEchoesWhatItReads() {
        tenants.create(ns, env("leak", """
                - name: app
                  health:
                  - {kind: Secret, readyWhen: "self.data.password"}
                  - {kind: ConfigMap, readyWhen: "self.data.password"}
                  manifests:
                  - {apiVersion: v1, kind: Secret, metadata: {name: creds}, stringData: {password: hunter2}}
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: creds}, data: {password: hunter2}}
                """).replace("timeout: 20s", "timeout: 3s"));

        tenants.assertRefused(ns, "leak", "TimedOut");
        assertThat(admin.getKubernetesSerialization().asYaml(tenants.get(ns, "leak").getStatus())).contains(
                "self.data.password gave a value of type string, not a boolean", "waiting for self.data (");
        tenants.assertNowhere(ns, "leak", "hunter2");
        tenants.assertNowhere(ns, "leak", "aHVudGVyMg");
    }

    @Test
    void celThatDoesNotCompileOrLoopsFailsWithAClearReason() {
        String ten = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";
        tenants.create(ns, env("broken", """
                - name: app
                  health: [{kind: ConfigMap, readyWhen: "self.data.("}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: broken}}]
                """));
        tenants.create(ns, env("loops", """
                - name: app
                  health: [{kind: ConfigMap, readyWhen: "%s"}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: loops}}]
                """.formatted(ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, " + ten + ".all(d, " + ten
                + ".all(e, a + b + c + d + e > 0)))))")));

        tenants.assertRefused(ns, "broken", "InvalidExpression", "health for ConfigMap: readyWhen does not compile");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "broken")).isFalse();
        tenants.assertRefused(ns, "loops", "ComponentFailed", "evaluation stopped after");
        tenants.assertStillServing(ns);
    }

    @Test
    void aKindTheApiServerDoesNotServeIsReportedAndRetried() {
        tenants.create(ns, env("unserved", """
                - name: app
                  manifests: [{apiVersion: nowhere.example.com/v1, kind: Phantom, metadata: {name: p}}]
                """));

        org.awaitility.Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> {
            var env = tenants.get(ns, "unserved");
            return env.getStatus() != null && env.getStatus().getComponents() != null
                    && "KindNotServed".equals(tenants.componentReason(ns, "unserved", "app"));
        });
        assertThat(admin.getKubernetesSerialization().asYaml(tenants.get(ns, "unserved").getStatus()))
                .contains("Phantom (nowhere.example.com/v1) is not served by the API server");
        assertThat(tenants.condition(ns, "unserved", "Failed")).get().extracting(Condition::getStatus)
                .isEqualTo("False");
        tenants.assertStillServing(ns);
    }
}
