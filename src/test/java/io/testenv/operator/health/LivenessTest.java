package io.testenv.operator.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.LifecycleAware;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.testenv.operator.controlplane.KubeApiServerResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Liveness follows the informers: an informer that had synced and then stopped (as fabric8 stops one after a
 * watch error it does not retry) makes the operator not live once the grace period is over, so Kubernetes
 * restarts it. The fabric8 informer under java-operator-sdk's event source is stopped, on the real API server.
 */
@QuarkusTest
@TestProfile(LivenessTest.ShortGrace.class)
@WithTestResource(KubeApiServerResource.class)
class LivenessTest {

    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("testenv.liveness-grace", "1s");
        }
    }

    @Inject
    Operator operator;

    static int liveStatus() {
        return given().when().get("/q/health/live").then().extract().statusCode();
    }

    @Test
    void anInformerThatStopsMakesTheOperatorNotLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        String configMaps = new GroupVersionKind("v1", "ConfigMap").toGVKString();
        Controller<?> controller = (Controller<?>) operator.getRuntimeInfo().getRegisteredController("testenvironment");

        // The fabric8 informer under java-operator-sdk's event source stops, and the event source stays registered.
        InformerWrappingEventSourceHealthIndicator<?> source = controller
                .getControllerHealthInfo()
                .informerEventSourceHealthIndicators()
                .get(configMaps);
        for (Object informer : source.informerHealthIndicators().values()) {
            ((LifecycleAware) informer).stop();
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> liveStatus() == 503);
        given().when().get("/q/health/live").then().statusCode(503).body(containsString(configMaps));
    }
}
