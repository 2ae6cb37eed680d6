package io.testenv.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.testenv.operator.reconciler.apply.ServerMessages;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The API server's messages as the operator repeats them: field paths and the problem, never a value. */
class ServerMessagesTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(
                        "typed patch error",
                        "failed to create typed patch object (ns/db; /v1, Kind=ConfigMap): "
                                + ".data.port: expected string, got &value.valueUnstructured{Value:8675309}",
                        "failed to create typed patch object (ns/db; /v1, Kind=ConfigMap): .data.port: expected string"),
                Arguments.of(
                        "several typed errors",
                        "failed to create typed patch object (ns/db; /v1, Kind=Secret): "
                                + "errors:\n  .stringData.a: expected string, got &value.valueUnstructured{Value:8675309}\n"
                                + "  .stringData.b: expected string, got &value.valueUnstructured{Value:true}",
                        "failed to create typed patch object (ns/db; /v1, Kind=Secret): .stringData.a: expected string; "
                                + ".stringData.b: expected string"),
                Arguments.of(
                        "list key that is the refused value",
                        ".spec.ports[port=\"8675309-port\",protocol=\"TCP\"].port: expected numeric (int or float)",
                        ".spec.ports[port=…,protocol=…].port: expected numeric (int or float)"),
                Arguments.of(
                        "names in list keys stay",
                        ".spec.template.spec.containers[name=\"web\"].env[name=\"PIN\"]"
                                + ".value: expected string, got &value.valueUnstructured{Value:8675309}",
                        ".spec.template.spec.containers[name=\"web\"].env[name=\"PIN\"].value: expected string"),
                Arguments.of(
                        "quoted invalid value",
                        "Deployment.apps \"web\" is invalid: spec.template.spec.containers[0]"
                                + ".image: Invalid value: \"8675309 :latest\": must not have leading or trailing whitespace",
                        "Deployment.apps \"web\" is invalid: spec.template.spec.containers[0].image: Invalid value: "
                                + "must not have leading or trailing whitespace"),
                Arguments.of(
                        "numeric invalid value repeated in the detail",
                        "spec.replicas: Invalid value: -8675309: must be greater than or equal to 0, not -8675309",
                        "spec.replicas: Invalid value: must be greater than or equal to 0, not (value not shown)"),
                Arguments.of(
                        "unsupported value",
                        "spec.type: Unsupported value: \"8675309\": supported values: " + "\"ClusterIP\", \"NodePort\"",
                        "spec.type: Unsupported value: supported values: \"ClusterIP\", " + "\"NodePort\""),
                Arguments.of("nothing to redact", "namespaces \"ci\" not found", "namespaces \"ci\" not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void messagesKeepPathsAndDropValues(String name, String message, String expected) {
        assertThat(ServerMessages.redacted(message)).isEqualTo(expected).doesNotContain("8675309");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void statusCausesKeepPathsAndDropValues(String name, String message, String expected) {
        Status status = new StatusBuilder()
                .withMessage("Deployment \"web\" is invalid")
                .withNewDetails()
                .addNewCause()
                .withField("spec.replicas")
                .withReason("FieldValueInvalid")
                .withMessage(message)
                .endCause()
                .endDetails()
                .build();

        assertThat(ServerMessages.redacted(status, null))
                .doesNotContain("8675309")
                .startsWith("spec.replicas");
    }

    @org.junit.jupiter.api.Test
    void longMessagesAreCapped() {
        assertThat(ServerMessages.redacted(
                        new StatusBuilder().withMessage("x".repeat(5000)).build(), null))
                .hasSize(ServerMessages.MAX_LENGTH);
    }
}
