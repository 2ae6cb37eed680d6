package io.testenv.operator.reconciler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.testing.Controllers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus metrics at /q/metrics after a bring-up and a failure. */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class MetricsTest {

    @InjectKubeApi
    KubeApi api;

    @Test
    void bringUpsAreMeasured() {
        String before = scrape();
        double readyBefore =
                value(before, "testenv_environments_total\\{outcome=\"Ready\",reason=\"AllComponentsReady\"\\}");
        double reconcilesBefore = value(before, BRING_UP_RECONCILES);
        ServerEnvironments environments = new ServerEnvironments(api.client());
        Controllers controllers = new Controllers(api.client());
        String ns = "metrics";
        TestEnvironment env = environments.sample("datastorage.yaml", ns);
        environments.create(env);
        environments.awaitObject("apps/v1", "StatefulSet", ns, "postgres");
        controllers.markDeploymentReady(ns, "redis");
        controllers.markStatefulSetReady(ns, "postgres");
        environments.awaitObject("batch/v1", "Job", ns, "migrations");
        controllers.completeJob(ns, "migrations");
        environments.awaitObject("apps/v1", "Deployment", ns, "datastorage");
        controllers.markDeploymentReady(ns, "datastorage");
        environments.awaitCondition(ns, "datastorage", "Ready", "True");

        String metrics = scrape();

        assertThat(value(metrics, "testenv_environments_total\\{outcome=\"Ready\",reason=\"AllComponentsReady\"\\}"))
                .isEqualTo(readyBefore + 1);
        assertThat(value(metrics, "testenv_environment_ready_seconds_count\\{strategy=\"Parallel\"\\}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "testenv_component_ready_seconds_count\\{component=\"migrations\"\\}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "testenv_gate_latency_seconds_count"))
                .as("migrations and datastorage waited on gates")
                .isGreaterThanOrEqualTo(2);
        // from the status writes as the API server recorded them, in whole seconds: the operator's reaction plus
        // at most a second of rounding
        assertThat(metrics).containsPattern("(?m)^testenv_gate_latency_seconds_max ");
        assertThat(value(metrics, "testenv_gate_latency_seconds_max")).isLessThan(2.0);
        assertThat(value(metrics, BRING_UP_RECONCILES) - reconcilesBefore)
                .as("the first apply, then one reconcile per step the test awaited")
                .isGreaterThanOrEqualTo(4);
        assertThat(metrics).contains("operator_sdk_reconciliations_started_total");
    }

    static final String BRING_UP_RECONCILES = "testenv_reconciles_total\\{controller=\"bring-up\"\\}";

    static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
