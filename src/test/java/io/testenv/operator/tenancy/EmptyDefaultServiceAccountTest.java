package io.testenv.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code testenv.default-service-account} set to nothing (a template's blank value) still means impersonation is
 * mandatory: every environment fails closed instead of acting with the operator's rights.
 */
@QuarkusTest
@TestProfile(EmptyDefaultServiceAccountTest.BlankDefault.class)
@WithTestResource(KubeApiServerResource.class)
class EmptyDefaultServiceAccountTest {

    public static class BlankDefault implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("testenv.default-service-account", "");
        }
    }

    @InjectKubeApi
    KubeApi api;

    @Test
    void aBlankDefaultFailsEveryEnvironmentClosed() {
        Tenants tenants = new Tenants(api.client());
        tenants.namespace("blank-default");

        tenants.create("blank-default", Tenants.env("plain", """
                - name: app
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: plain}}]
                """));

        tenants.assertRefused("blank-default", "plain", "ServiceAccountRequired", "is empty");
        assertThat(tenants.exists("v1", "ConfigMap", "blank-default", "plain")).isFalse();
    }
}
