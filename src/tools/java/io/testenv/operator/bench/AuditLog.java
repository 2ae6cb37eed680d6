package io.testenv.operator.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The kube-apiserver's audit log (JSON lines, level Metadata) of the operator's user: its requests counted by
 * verb and resource, named as the operator's {@code testenv_api_requests_total} names them, to check those counts
 * against what the API server saw.
 */
final class AuditLog {

    /** The operator's user on the benchmark's cluster: a ServiceAccount of its own ({@link OperatorUser}). */
    static final String OPERATOR_USER = "system:serviceaccount:kube-system:testenv-operator";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    AuditLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The kube-apiserver flags (without the dashes) that write the log, with the policy written next to it. */
    static Map<String, String> apiServerFlags(Path log) {
        Path policy = log.resolveSibling("audit-policy.yaml");
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
            Files.writeString(policy, policy(OPERATOR_USER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "audit-policy-file", policy.toString(),
                "audit-log-path", log.toString(),
                "audit-log-maxsize", "0");
    }

    /**
     * Metadata for the operator's requests, nothing for anyone else's (the controllers', kwok's, the benchmark's):
     * the log costs the API server little beyond what is counted. RequestReceived is left out, so a request is
     * logged when it is answered (a watch when it starts, then when it ends).
     */
    static String policy(String user) {
        return """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: [RequestReceived]
                rules:
                - level: Metadata
                  users: ["%s"]
                - level: None
                """.formatted(user);
    }

    /** Where the log ends now: what is written after it belongs to the next window. */
    long mark() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The operator's requests logged between two marks, by "verb resource": take the second mark when the
     * operator's own counters are scraped, so that both count the same requests.
     */
    Map<String, Long> countBetween(long from, long to) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        List<String> lines = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(from);
            BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new BoundedInputStream(Channels.newInputStream(channel), Math.max(0, to - from)),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count(lines, OPERATOR_USER);
    }

    /**
     * The requests of one user by "verb resource" ({@code get deployments}, {@code patch testenvironments/status};
     * a request without an object, such as discovery, is {@code get discovery}), each audit ID counted once
     * whatever stages were logged for it. Lines that are not complete events (the one being written) are skipped.
     */
    static Map<String, Long> count(Iterable<String> lines, String user) {
        Map<String, Long> counts = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (JsonProcessingException partial) {
                continue;
            }
            if (event == null
                    || !user.equals(event.path("user").path("username").asText())
                    || !seen.add(event.path("auditID").asText())) {
                continue;
            }
            counts.merge(key(event), 1L, Long::sum);
        }
        return counts;
    }

    private static String key(JsonNode event) {
        String verb = event.path("verb").asText().toLowerCase(Locale.ROOT);
        JsonNode object = event.path("objectRef");
        if (object.isMissingNode() || object.path("resource").asText().isEmpty()) {
            return verb + " discovery";
        }
        String resource = object.path("resource").asText();
        String subresource = object.path("subresource").asText();
        return verb + " " + (subresource.isEmpty() ? resource : resource + "/" + subresource);
    }

    /**
     * The report's rows setting the operator's own counts beside the audit log's, by verb and resource (those with
     * any request, most first), and a total.
     */
    static String crossCheckRows(Map<String, Double> operator, Map<String, Long> audit) {
        Set<String> keys = new java.util.TreeSet<>(operator.keySet());
        keys.addAll(audit.keySet());
        StringBuilder rows = new StringBuilder("| verb resource | operator's count | audit log |\n|---|---|---|\n");
        keys.stream()
                .filter(k -> operator.getOrDefault(k, 0.0) >= 0.5 || audit.getOrDefault(k, 0L) > 0)
                .sorted((a, b) -> Double.compare(
                        Math.max(operator.getOrDefault(b, 0.0), audit.getOrDefault(b, 0L)),
                        Math.max(operator.getOrDefault(a, 0.0), audit.getOrDefault(a, 0L))))
                .forEach(k -> rows.append(String.format(
                        Locale.ROOT,
                        "| %s | %.0f | %d |%n",
                        k,
                        operator.getOrDefault(k, 0.0),
                        audit.getOrDefault(k, 0L))));
        rows.append(String.format(
                Locale.ROOT,
                "| all | %.0f | %d |%n",
                operator.values().stream().mapToDouble(Double::doubleValue).sum(),
                audit.values().stream().mapToLong(Long::longValue).sum()));
        return rows.toString();
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {

        private long left;

        BoundedInputStream(java.io.InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            left -= b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
