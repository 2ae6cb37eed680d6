package io.testenv.operator.playground;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.testenv.operator.api.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The console's progress lines and the timeline share time zero: the bring-up's start, as its status records it. */
class ProgressPrinterTest {

    static TestEnvironment env(String status) {
        return new KubernetesSerialization().unmarshal("""
                apiVersion: testenv.io/v1alpha1
                kind: TestEnvironment
                metadata: {name: e, namespace: ns}
                spec: {components: [{name: a, manifests: []}, {name: b, manifests: []}]}
                status:
                %s""".formatted(status.indent(2)), TestEnvironment.class);
    }

    @Test
    void linesAreTimedByTheStatusNotByWhenThePrinterSawThem() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // the printer sees each status 0.4 s after the operator recorded it
        Clock seen = Clock.fixed(Instant.parse("2026-12-01T10:00:00.400Z"), ZoneOffset.UTC);
        ProgressPrinter printer = new ProgressPrinter(null, new PrintStream(bytes, true, StandardCharsets.UTF_8), seen);

        printer.print(env("""
                phase: Progressing
                timing: {startedAt: "2026-12-01T10:00:00Z"}
                conditions: []
                components:
                - {name: a, phase: Applying, reason: Applying, appliedAt: "2026-12-01T10:00:00Z"}
                - {name: b, phase: Blocked, reason: WaitingForGate}
                """));
        printer.print(env("""
                phase: Ready
                readyComponents: 2/2
                timing: {startedAt: "2026-12-01T10:00:00Z", readyAt: "2026-12-01T10:00:03Z"}
                conditions: [{type: Ready, status: "True", reason: AllComponentsReady, message: ok}]
                components:
                - {name: a, phase: Ready, reason: Ready, appliedAt: "2026-12-01T10:00:00Z", readyAt: "2026-12-01T10:00:01Z"}
                - {name: b, phase: Ready, reason: Ready, appliedAt: "2026-12-01T10:00:01Z", readyAt: "2026-12-01T10:00:03Z"}
                """));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\n");
        assertThat(lines[0]).startsWith("    0.0s  ns/e").contains(" a ");
        assertThat(lines[1]).startsWith("    0.0s  ns/e").contains(" b ");
        assertThat(lines[2]).startsWith("    1.0s  ns/e").contains(" a ", "Ready");
        assertThat(lines[3]).startsWith("    3.0s  ns/e").contains(" b ", "Ready");
        assertThat(lines[4]).startsWith("    3.0s  ns/e").contains("is Ready (2/2)");
    }
}
