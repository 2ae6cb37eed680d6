package io.testenv.operator.tenancy;

import static io.testenv.operator.tenancy.Tenants.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code testenv.default-service-account} set, no environment acts with the operator's rights: one without
 * a ServiceAccount acts as the default, and one whose identity is empty or missing makes no request at all.
 */
@QuarkusTest
@TestProfile(MandatoryImpersonationTest.Mandatory.class)
@WithTestResource(KubeApiServerResource.class)
class MandatoryImpersonationTest {

    public static class Mandatory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("testenv.default-service-account", "deployer");
        }
    }

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
        ns = "mandatory-" + (++counter);
        tenants.namespace(ns);
    }

    static final String CONFIG_AND_DEPLOYMENT = """
            - name: config
              manifests:
              - {apiVersion: v1, kind: ConfigMap, metadata: {name: config}}
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
            """;

    @Test
    void anEnvironmentWithoutAServiceAccountActsAsTheDefault() {
        tenants.serviceAccount(ns, "deployer", rule("", "configmaps", "get", "create", "patch"));

        tenants.create(ns, Tenants.env("defaulted", CONFIG_AND_DEPLOYMENT));

        tenants.assertRefused(
                ns,
                "defaulted",
                "ComponentFailed",
                "system:serviceaccount:" + ns + ":deployer may not "
                        + "get deployments.apps (Deployment web) in namespace " + ns);
        assertThat(tenants.exists("v1", "ConfigMap", ns, "config")).isTrue();
        assertThat(tenants.exists("apps/v1", "Deployment", ns, "web")).isFalse();
    }

    @Test
    void withoutTheDefaultServiceAccountInItsNamespaceNothingIsApplied() {
        tenants.create(ns, Tenants.env("missing", CONFIG_AND_DEPLOYMENT));

        tenants.assertRefused(
                ns,
                "missing",
                "ServiceAccountRequired",
                "ServiceAccount deployer does not exist in " + "namespace " + ns);
        assertThat(tenants.exists("v1", "ConfigMap", ns, "config")).isFalse();
    }

    @Test
    void anEmptyServiceAccountDoesNotFallBackToTheOperator() {
        tenants.serviceAccount(ns, "deployer", rule("", "configmaps", "get", "create", "patch"));

        tenants.create(ns, Tenants.env("empty", "\"\"", CONFIG_AND_DEPLOYMENT));

        tenants.assertRefused(ns, "empty", "ServiceAccountRequired", "spec.serviceAccountName is empty");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "config")).isFalse();
    }

    @Test
    void rbacKindsAreLeftToTheServiceAccountsOwnRights() {
        tenants.serviceAccount(
                ns, "deployer", rule("rbac.authorization.k8s.io", "rolebindings", "get", "create", "patch"));

        tenants.create(ns, Tenants.env("binding", """
                - name: app
                  manifests:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: RoleBinding
                    metadata: {name: escalate}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                    subjects: [{kind: User, name: mallory}]
                """));

        tenants.assertRefused(
                ns, "binding", "ComponentFailed", "attempting to grant RBAC permissions not currently " + "held");
        assertThat(tenants.exists("rbac.authorization.k8s.io/v1", "RoleBinding", ns, "escalate"))
                .isFalse();
    }
}
