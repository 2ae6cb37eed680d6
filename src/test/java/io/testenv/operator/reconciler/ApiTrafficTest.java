package io.testenv.operator.reconciler;

import static io.restassured.RestAssured.given;
import static io.testenv.operator.tenancy.Tenants.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * testenv_api_requests_total counts what the operator sends, the requests it makes as an environment's
 * ServiceAccount included, by verb, resource and the API server's answer.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class ApiTrafficTest {

    @InjectKubeApi
    KubeApi api;

    static double requests(String verb, String resource, String codes) {
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher matcher = Pattern.compile("(?m)^testenv_api_requests_total\\{([^}]*)} ([0-9.eE+-]+)$")
                .matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.matches(".*verb=\"(" + verb + ")\".*")
                    && labels.contains("resource=\"" + resource + "\"")
                    && labels.matches(".*code=\"(" + codes + ")\".*")) {
                total += Double.parseDouble(matcher.group(2));
            }
        }
        return total;
    }

    @Test
    void theRequestsMadeAsAnEnvironmentsServiceAccountAreCounted() {
        Tenants tenants = new Tenants(api.client());
        String ns = "api-traffic";
        tenants.serviceAccount(ns, "deployer", rule("", "configmaps", "get", "create", "patch", "delete"));
        double appliesBefore = requests("patch", "configmaps", "200|201");
        double deniedBefore = requests("get|patch", "secrets", "403");

        tenants.create(ns, Tenants.env("counted", "deployer", """
                - name: app
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: one}}
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: two}}
                - name: denied
                  manifests: [{apiVersion: v1, kind: Secret, metadata: {name: not-allowed}}]
                """));
        tenants.await(ns, "counted", "Failed", "True");

        assertThat(requests("patch", "configmaps", "200|201") - appliesBefore)
                .as("the two ConfigMaps applied as the ServiceAccount")
                .isGreaterThanOrEqualTo(2);
        assertThat(requests("get|patch", "secrets", "403") - deniedBefore)
                .as("the Secret the ServiceAccount may not write, with the API server's answer")
                .isGreaterThanOrEqualTo(1);
        assertThat(requests("patch", "testenvironments/status", "200")).isPositive();
    }
}
