package io.testenv.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.testenv.operator.controlplane.InjectKubeApi;
import io.testenv.operator.controlplane.KubeApi;
import io.testenv.operator.controlplane.KubeApiServerResource;
import io.testenv.operator.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the API server refuses ends in the status, fast, without its values: the ordinary YAML mistakes that
 * server-side apply answers with a 500 are InvalidSpec before anything is created, what only the server can judge
 * is ApplyRejected with field paths, and an environment in another namespace is not held up meanwhile.
 */
@QuarkusTest
@WithTestResource(KubeApiServerResource.class)
class ApiErrorsTest {

    static final String SECRET_VALUE = "8675309";
    static final Duration FAST = Duration.ofSeconds(10);

    static int counter;

    @InjectKubeApi
    KubeApi api;

    KubernetesClient admin;
    Tenants tenants;
    String ns;
    LogCapture log;

    @BeforeEach
    void setUp() {
        admin = api.client();
        tenants = new Tenants(admin);
        ns = "api-errors-" + (++counter);
        tenants.namespace(ns);
        log = LogCapture.start();
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    @Test
    void typeErrorsOfWellKnownKindsAreInvalidSpecAndCreateNothing() {
        Instant start = Instant.now();
        tenants.create(ns, Tenants.env("typos", """
                - name: db
                  manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {port: 5432}}
                  - {apiVersion: v1, kind: Secret, metadata: {name: pin}, stringData: {pin: %s}}
                  - {apiVersion: v1, kind: Secret, metadata: {name: plain}, data: {password: not base64!}}
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec: {containers: [{name: web, image: registry.example/web:1, env: [{name: PORT, value: 8080}]}]}
                """.formatted(SECRET_VALUE)));

        tenants.assertRefused(
                ns,
                "typos",
                "InvalidSpec",
                "(ConfigMap settings): data.port is a number, not a string (quote it)",
                "(Secret pin): stringData.pin is a number, not a string (quote it)",
                "(Secret plain): data.password is not base64",
                "(Deployment web): spec.template.spec.containers[0].env[0].value (PORT) is a number");
        assertThat(Duration.between(start, Instant.now())).isLessThan(FAST);
        assertThat(tenants.exists("v1", "ConfigMap", ns, "settings")).isFalse();
        assertThat(tenants.exists("v1", "Secret", ns, "pin")).isFalse();
        assertThat(tenants.exists("apps/v1", "Deployment", ns, "web")).isFalse();
        assertNoValueAnywhere("typos", SECRET_VALUE);
    }

    @Test
    void whatOnlyTheServerJudgesIsApplyRejectedWithPathsNotValuesAndOthersGoOn() {
        // Types the operator does not check: a port that is not a number (typed patch, a 500) and a replica count
        // out of range (validation, a 422). Both quote the value in the API server's own message.
        Instant created = Instant.now();
        tenants.create(ns, Tenants.env("rejected", """
                - name: web
                  manifests:
                  - {apiVersion: v1, kind: Service, metadata: {name: web}, spec: {ports: [{port: "%s-port"}]}}
                - name: app
                  manifests:
                  - apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: app}
                    spec:
                      replicas: -%s
                      selector: {matchLabels: {app: app}}
                      template:
                        metadata: {labels: {app: app}}
                        spec: {containers: [{name: app, image: registry.example/app:1}]}
                """.formatted(SECRET_VALUE, SECRET_VALUE)));
        String other = ns + "-canary";
        Instant start = Instant.now();
        tenants.assertStillServing(other);
        Duration canary = Duration.between(start, Instant.now());

        tenants.assertRefused(ns, "rejected", "ComponentFailed");
        assertThat(Duration.between(created, Instant.now()))
                .as("until the environment failed")
                .isLessThan(FAST);
        assertThat(tenants.componentReason(ns, "rejected", "web")).isEqualTo("ApplyRejected");
        assertThat(tenants.componentReason(ns, "rejected", "app")).isEqualTo("ApplyRejected");
        String status = tenants.get(ns, "rejected").getStatus().getComponents().stream()
                .map(c -> c.getMessage())
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(status)
                .contains(
                        "Service web: rejected by the API server (500",
                        ".spec.ports[port=…,protocol=…].port",
                        "Deployment app: rejected by the API server (422 Invalid)",
                        "spec.replicas");
        assertThat(canary).isLessThan(FAST);
        assertThat(tenants.exists("v1", "Service", ns, "web")).isFalse();
        assertNoValueAnywhere("rejected", SECRET_VALUE);
    }

    /**
     * A capacity error (here a ResourceQuota, as a full service IP range or node would be) is shown and retried
     * with back-off on each environment that meets it, and holds up no one else.
     */
    @Test
    void aFloodMeetingACapacityErrorIsShownRetriedAndHoldsUpNoOneElse() {
        admin.resourceQuotas()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
                        .withNewMetadata()
                        .withName("one-configmap")
                        .endMetadata()
                        .withNewSpec()
                        .addToHard("count/configmaps", new io.fabric8.kubernetes.api.model.Quantity("1"))
                        .endSpec()
                        .build())
                .create();
        // What the controller-manager's quota controller would record; this API server runs without it.
        admin.resourceQuotas().inNamespace(ns).withName("one-configmap").editStatus(quota -> {
            quota.setStatus(new io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder()
                    .addToHard("count/configmaps", new io.fabric8.kubernetes.api.model.Quantity("1"))
                    .addToUsed("count/configmaps", new io.fabric8.kubernetes.api.model.Quantity("0"))
                    .build());
            return quota;
        });
        int flood = 20;
        for (int i = 0; i < flood; i++) {
            tenants.create(
                    ns, Tenants.env("flood-" + i, """
                    - name: config
                      manifests:
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: flood-%d-a}}
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: flood-%d-b}}
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: flood-%d-c}}
                      - {apiVersion: v1, kind: ConfigMap, metadata: {name: flood-%d-d}}
                    """.formatted(i, i, i, i)).replace("timeout: 20s", "timeout: 30s"));
        }
        Instant start = Instant.now();
        tenants.assertStillServing(ns + "-canary");
        Duration canary = Duration.between(start, Instant.now());

        for (int i = 0; i < flood; i++) {
            String name = "flood-" + i;
            org.awaitility.Awaitility.await()
                    .atMost(Tenants.TIMEOUT)
                    .until(() -> tenants.get(ns, name).getStatus() != null
                            && "Retrying".equals(tenants.componentReason(ns, name, "config")));
            assertThat(tenants.condition(ns, name, "Failed"))
                    .get()
                    .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
            assertThat(tenants.get(ns, name).getStatus().getComponents().get(0).getMessage())
                    .contains("retrying: ", "exceeded quota");
        }
        assertThat(canary).isLessThan(FAST);
        // The timeout still fires while it is retried.
        tenants.assertRefused(ns, "flood-0", "TimedOut", "retrying: ");
    }

    /**
     * 256 components whose environment the API server stores, but whose status would not fit beside it: every
     * write of the operator would fail for good. It is InvalidSpec at once, with the sizes, and nothing is created.
     */
    @Test
    void anEnvironmentTooLargeForItsStatusIsInvalidSpecWithItsSizes() {
        StringBuilder components = new StringBuilder();
        String pad = "x".repeat(4600);
        for (int i = 0; i < 256; i++) {
            components.append("- name: c-").append(i).append('\n');
            if (i > 0) {
                components.append("  dependsOn: [{component: c-").append(i - 1).append("}]\n");
            }
            components
                    .append("  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c-")
                    .append(i)
                    .append("}, data: {pad: ")
                    .append(pad)
                    .append("}}]\n");
        }
        tenants.create(ns, Tenants.env("huge", components.toString()));

        tenants.assertRefused(
                ns,
                "huge",
                "InvalidSpec",
                "the environment would take ",
                "for 256 components",
                "which stores at most 1536 KiB per object");
        assertThat(tenants.exists("v1", "ConfigMap", ns, "c-0")).isFalse();
    }

    /**
     * An API error before any apply (here a ValidatingAdmissionPolicy refuses the operator's own write to the
     * environment, its finalizer or label): the environment still gets a status at once, saying it is retrying
     * and why, and it is retried with back-off until the write passes.
     */
    @Test
    void anEnvironmentGetsAStatusOnItsFirstReconcileWhateverFailsBeforeItsApplies() {
        String policy = "deny-" + ns;
        KubeApi.Result applied = api.kubectl("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %s}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [testenv.io], apiVersions: ["*"], operations: [UPDATE], resources: [testenvironments]}
                  validations:
                  - {expression: "object.metadata.namespace != '%s'", message: "writes refused by policy"}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %s}
                spec: {policyName: %s, validationActions: [Deny]}
                """.formatted(policy, ns, policy, policy), "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        try {
            tenants.create(ns, Tenants.env("probe", """
                    - name: config
                      manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: probe}}]
                    """));
            // The policy is in force once an update of an environment in the namespace is refused.
            org.awaitility.Awaitility.await().atMost(Tenants.TIMEOUT).until(() -> {
                try {
                    admin.resources(io.testenv.operator.api.TestEnvironment.class)
                            .inNamespace(ns)
                            .list()
                            .getItems()
                            .forEach(e -> admin.resources(io.testenv.operator.api.TestEnvironment.class)
                                    .inNamespace(ns)
                                    .withName(e.getMetadata().getName())
                                    .edit(x -> {
                                        x.getMetadata().setAnnotations(Map.of("touched", "yes"));
                                        return x;
                                    }));
                    return false;
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    return e.getCode() == 403 || e.getCode() == 422;
                }
            });

            tenants.create(ns, Tenants.env("blocked", """
                    - name: config
                      manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: blocked}}]
                    """));

            var ready = tenants.await(ns, "blocked", "Ready", "False");
            assertThat(ready.getReason()).isEqualTo("Retrying");
            assertThat(ready.getMessage()).contains("retrying: API error", "writes refused by policy");
            assertThat(tenants.get(ns, "blocked").getStatus().getTiming().getStartedAt())
                    .isNotNull();
            assertThat(tenants.exists("v1", "ConfigMap", ns, "blocked")).isFalse();
        } finally {
            api.kubectl(null, "delete", "validatingadmissionpolicybinding", policy);
            api.kubectl(null, "delete", "validatingadmissionpolicy", policy);
        }
        tenants.await(ns, "blocked", "Ready", "True");
    }

    @Test
    void aTimeToLivePastTheMaximumIsRefusedByTheApiServerInPlainWords() {
        KubeApi.Result applied = api.kubectl(
                Tenants.env("forever", """
                - name: config
                  manifests: [{apiVersion: v1, kind: ConfigMap, metadata: {name: forever}}]
                """)
                        .replace("timeout: 20s", "timeout: 20s\n  ttlSecondsAfterReady: 99999999999"),
                "apply",
                "-n",
                ns,
                "-f",
                "-");

        assertThat(applied.exitCode()).isNotZero();
        assertThat(applied.output()).contains("spec.ttlSecondsAfterReady", "less than or equal to 2592000");
        assertThat(tenants.get(ns, "forever")).isNull();
    }

    private void assertNoValueAnywhere(String name, String value) {
        tenants.assertNowhere(ns, name, value);
        assertThat(log.containing(value))
                .as("operator log lines with the value")
                .isEmpty();
    }
}
