package io.testenv.operator.lifecycle;

import static io.testenv.operator.testing.OtlpReceiver.attribute;
import static io.testenv.operator.testing.OtlpReceiver.end;
import static io.testenv.operator.testing.OtlpReceiver.parentSpanId;
import static io.testenv.operator.testing.OtlpReceiver.spanId;
import static io.testenv.operator.testing.OtlpReceiver.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.TestEnvironmentStatus;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.tenancy.Tenants;
import io.testenv.operator.testing.Controllers;
import io.testenv.operator.testing.OtlpReceiver;
import io.testenv.operator.testing.OtlpReceiverResource;
import io.testenv.operator.testing.OtlpReceiverResource.InjectOtlpReceiver;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bring-up of an environment annotated with a traceparent, exported over OTLP/HTTP to a receiver in the test,
 * as a CI pipeline's trace backend would receive it.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
@WithTestResource(OtlpReceiverResource.class)
class TraceExportTest {

    static int counter;
    static final SecureRandom RANDOM = new SecureRandom();

    static final String DB_SETTINGS_APP = """
            - name: db
              manifests:
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: db}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec: {containers: [{name: db, image: "registry.example/db:1"}]}
            - name: settings
              manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: test}}]
            - name: app
              dependsOn: [{component: db}]
              manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: app}}]
            """;

    @InjectKubeApi
    KubeApi api;

    @InjectOtlpReceiver
    OtlpReceiver receiver;

    KubernetesClient admin;
    Tenants tenants;
    String ns;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        ns = "trace-" + (++counter);
        tenants.namespace(ns);
    }

    @Test
    void aReadyBringUpIsATraceUnderItsTraceparentWithTheStatusTimesAndTheCriticalPath() {
        String traceId = hex(16);
        String parentId = hex(8);
        create("ready", "00-" + traceId + "-" + parentId + "-01", DB_SETTINGS_APP);
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> admin.apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("db")
                                .get()
                        != null);
        new Controllers(admin).markDeploymentReady(ns, "db");
        tenants.await(ns, "ready", "Ready", "True");
        TestEnvironmentStatus status = tenants.get(ns, "ready").getStatus();

        List<Span> spans = awaitSpans(traceId, 4);

        Span root = named(spans, "testenv.bringup " + ns + "/ready");
        assertThat(parentSpanId(root)).isEqualTo(parentId);
        assertThat(start(root)).isEqualTo(Instant.parse(status.getTiming().getStartedAt()));
        assertThat(end(root)).isEqualTo(Instant.parse(status.getTiming().getReadyAt()));
        assertThat(root.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
        assertThat(status.getTiming().getCriticalPath()).containsExactly("db", "app");
        assertThat(attribute(root, "testenv.critical_path")
                        .map(v -> v.getArrayValue().getValuesList().stream()
                                .map(AnyValue::getStringValue)
                                .toList()))
                .contains(List.of("db", "app"));
        assertThat(attribute(root, "testenv.sequential_seconds").map(AnyValue::getDoubleValue))
                .contains(status.getTiming().getSequentialSeconds());

        for (ComponentStatus component : status.getComponents()) {
            Span span = named(spans, "component " + component.getName());
            assertThat(parentSpanId(span)).as(component.getName()).isEqualTo(spanId(root));
            assertThat(start(span)).as(component.getName()).isEqualTo(Instant.parse(component.getAppliedAt()));
            assertThat(end(span)).as(component.getName()).isEqualTo(Instant.parse(component.getReadyAt()));
            assertThat(attribute(span, "testenv.critical_path").map(AnyValue::getBoolValue))
                    .as(component.getName())
                    .contains(status.getTiming().getCriticalPath().contains(component.getName()));
            assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
        }
        // app waited for db: a gate span from db's readiness to app's apply, when that took any time
        Instant dbReady = Instant.parse(component(status, "db").getReadyAt());
        Instant appApplied = Instant.parse(component(status, "app").getAppliedAt());
        Optional<Span> gate =
                spans.stream().filter(s -> s.getName().equals("gate app")).findFirst();
        if (appApplied.isAfter(dbReady)) {
            assertThat(gate).get().satisfies(g -> {
                assertThat(parentSpanId(g)).isEqualTo(spanId(root));
                assertThat(start(g)).isEqualTo(dbReady);
                assertThat(end(g)).isEqualTo(appApplied);
            });
        } else {
            assertThat(gate).isEmpty();
        }
        assertThat(spans.stream().map(Span::getName))
                .allMatch(name -> name.startsWith("testenv.bringup ")
                        || name.startsWith("component ")
                        || name.startsWith("gate "));
        assertThat(receiver.rejected()).isEmpty();
    }

    @Test
    void aFailedComponentIsAnErrorSpanAndSoIsTheBringUp() {
        String traceId = hex(16);
        String parentId = hex(8);
        create("broken", "00-" + traceId + "-" + parentId + "-01", """
                - name: app
                  health: [{kind: ConfigMap, failedWhen: "true"}]
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: app}, data: {password: hunter2}}]
                """);
        tenants.await(ns, "broken", "Failed", "True");
        ComponentStatus app = component(tenants.get(ns, "broken").getStatus(), "app");

        List<Span> spans = awaitSpans(traceId, 2);

        Span root = named(spans, "testenv.bringup " + ns + "/broken");
        assertThat(parentSpanId(root)).isEqualTo(parentId);
        assertThat(root.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(root.getStatus().getMessage()).startsWith("ComponentFailed: ");
        Span component = named(spans, "component app");
        assertThat(parentSpanId(component)).isEqualTo(spanId(root));
        assertThat(component.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(component.getStatus().getMessage()).isEqualTo(app.getReason() + ": " + app.getMessage());
        assertThat(start(component)).isEqualTo(Instant.parse(app.getAppliedAt()));
        assertThat(end(component)).isEqualTo(Instant.parse(app.getFailedAt()));
        assertThat(end(root)).isEqualTo(end(component));
        assertThat(spans.toString()).doesNotContain("hunter2");
    }

    @Test
    void withoutAValidTraceparentNothingIsExported() {
        create("plain", null, config("plain"));
        create("invalid", "00-not-a-traceparent-01", config("invalid"));
        tenants.await(ns, "plain", "Ready", "True");
        tenants.await(ns, "invalid", "Ready", "True");
        // a bring-up that is exported after both: its spans arrive after any of theirs would have
        String traceId = hex(16);
        create("traced", "00-" + traceId + "-" + hex(8) + "-01", config("traced"));
        tenants.await(ns, "traced", "Ready", "True");
        awaitSpans(traceId, 2);

        assertThat(receiver.spans())
                .noneMatch(span -> attribute(span, "testenv.namespace")
                                .map(AnyValue::getStringValue)
                                .filter(ns::equals)
                                .isPresent()
                        && attribute(span, "testenv.environment")
                                .map(AnyValue::getStringValue)
                                .filter(name -> !name.equals("traced"))
                                .isPresent());
        assertThat(tenants.condition(ns, "invalid", "Ready").orElseThrow().getReason())
                .isEqualTo("AllComponentsReady");
    }

    /** One ConfigMap, named after its environment (one object has one owner). */
    private static String config(String name) {
        return """
                - name: config
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: %s}}]
                """.formatted(name);
    }

    private void create(String name, String traceparent, String components) {
        String yaml = Tenants.env(name, components);
        if (traceparent != null) {
            yaml = yaml.replace(
                    "metadata: {name: " + name + "}",
                    "metadata: {name: " + name + ", annotations: {testenv.io/traceparent: \"" + traceparent + "\"}}");
        }
        tenants.create(ns, yaml);
    }

    private List<Span> awaitSpans(String traceId, int atLeast) {
        Awaitility.await()
                .atMost(Tenants.TIMEOUT)
                .until(() -> receiver.spansOfTrace(traceId).size() >= atLeast);
        return receiver.spansOfTrace(traceId);
    }

    private static Span named(List<Span> spans, String name) {
        List<Span> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found)
                .as("spans named " + name + " in "
                        + spans.stream().map(Span::getName).toList())
                .hasSize(1);
        return found.get(0);
    }

    private static ComponentStatus component(TestEnvironmentStatus status, String name) {
        return status.getComponents().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
