package io.testenv.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    static final String OPERATOR = "system:serviceaccount:kube-system:testenv-operator";

    static String event(String id, String stage, String user, String verb, String objectRef) {
        return """
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"%s","stage":"%s",\
                "requestURI":"/x","verb":"%s","user":{"username":"%s","groups":["system:serviceaccounts"]},\
                "userAgent":"fabric8-kubernetes-client/7.3.1"%s,"responseStatus":{"metadata":{},"code":200}}""".formatted(id, stage, verb, user, objectRef == null ? "" : ",\"objectRef\":" + objectRef);
    }

    @Test
    void countsTheOperatorsRequestsByVerbAndResourceAsItsMetricNamesThem() {
        List<String> lines = List.of(
                event("1", "ResponseComplete", OPERATOR, "get", "{\"resource\":\"deployments\",\"namespace\":\"a\"}"),
                event("2", "ResponseComplete", OPERATOR, "get", "{\"resource\":\"deployments\",\"namespace\":\"b\"}"),
                event(
                        "3",
                        "ResponseComplete",
                        OPERATOR,
                        "patch",
                        "{\"resource\":\"testenvironments\",\"subresource\":\"status\",\"apiGroup\":\"testenv.io\"}"),
                event("4", "ResponseComplete", OPERATOR, "get", null),
                event("5", "ResponseComplete", "kubernetes-admin", "get", "{\"resource\":\"deployments\"}"));

        assertThat(AuditLog.count(lines, OPERATOR))
                .isEqualTo(Map.of(
                        "get deployments", 2L,
                        "patch testenvironments/status", 1L,
                        "get discovery", 1L));
    }

    @Test
    void aWatchLoggedWhenItStartsAndWhenItEndsCountsOnce() {
        List<String> lines = List.of(
                event("7", "ResponseStarted", OPERATOR, "watch", "{\"resource\":\"pods\"}"),
                event("7", "ResponseComplete", OPERATOR, "watch", "{\"resource\":\"pods\"}"));

        assertThat(AuditLog.count(lines, OPERATOR)).isEqualTo(Map.of("watch pods", 1L));
    }

    @Test
    void aLineStillBeingWrittenIsSkipped() {
        String whole = event("8", "ResponseComplete", OPERATOR, "create", "{\"resource\":\"events\"}");
        List<String> lines = List.of(whole, whole.substring(0, 40).replace("\"8\"", "\"9\""));

        assertThat(AuditLog.count(lines, OPERATOR)).isEqualTo(Map.of("create events", 1L));
    }

    @Test
    void countsOnlyWhatWasLoggedBetweenTwoMarks(@TempDir Path dir) throws Exception {
        AuditLog log = new AuditLog(dir.resolve("audit.log"));
        assertThat(log.mark()).isZero();
        Files.writeString(
                log.file(), event("1", "ResponseComplete", OPERATOR, "get", "{\"resource\":\"pods\"}") + "\n");
        long from = log.mark();
        Files.writeString(
                log.file(),
                event("2", "ResponseComplete", OPERATOR, "list", "{\"resource\":\"pods\"}") + "\n",
                StandardOpenOption.APPEND);
        long to = log.mark();
        Files.writeString(
                log.file(),
                event("3", "ResponseComplete", OPERATOR, "delete", "{\"resource\":\"pods\"}") + "\n",
                StandardOpenOption.APPEND);

        assertThat(log.countBetween(from, to)).isEqualTo(Map.of("list pods", 1L));
    }

    @Test
    void policyLogsOnlyTheOperatorsUserAtMetadataLevel() {
        assertThat(AuditLog.policy(OPERATOR))
                .contains("omitStages: [RequestReceived]")
                .contains("- level: Metadata\n  users: [\"" + OPERATOR + "\"]\n- level: None");
    }

    @Test
    void crossCheckSetsBothCountsSideBySideMostFirst() {
        String rows = AuditLog.crossCheckRows(
                Map.of("get deployments", 8.0, "patch testenvironments/status", 15.0),
                Map.of("get deployments", 8L, "patch testenvironments/status", 14L, "watch pods", 1L));

        assertThat(rows).isEqualTo("""
                        | verb resource | operator's count | audit log |
                        |---|---|---|
                        | patch testenvironments/status | 15 | 14 |
                        | get deployments | 8 | 8 |
                        | watch pods | 0 | 1 |
                        | all | 23 | 23 |
                        """);
    }
}
