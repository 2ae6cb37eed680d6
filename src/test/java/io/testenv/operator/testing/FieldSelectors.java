package io.testenv.operator.testing;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Field selectors beyond what the CRUD dispatcher matches (it knows metadata.name and metadata.namespace):
 * {@code kubectl describe} lists Events with {@code involvedObject.name=...,involvedObject.uid=...}. Such terms
 * are taken out of the request and applied to the list afterwards, on the object's JSON fields.
 */
final class FieldSelectors {

    record Term(String path, String value, boolean equals) {

        boolean matches(JsonNode object) {
            JsonNode node = object;
            for (String field : path.split("\\.")) {
                node = node.path(field);
            }
            String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
            return equals == actual.equals(value);
        }
    }

    /** The query split into what the dispatcher can match itself and the terms to filter afterwards. */
    record Split(String pathForDispatcher, List<Term> filters) {
    }

    private FieldSelectors() {
    }

    static Split split(String path) {
        int query = path.indexOf('?');
        if (query < 0) {
            return new Split(path, List.of());
        }
        List<String> params = new ArrayList<>();
        List<Term> filters = new ArrayList<>();
        for (String param : path.substring(query + 1).split("&")) {
            if (!param.startsWith("fieldSelector=")) {
                params.add(param);
                continue;
            }
            List<String> kept = new ArrayList<>();
            String selector = URLDecoder.decode(param.substring("fieldSelector=".length()), StandardCharsets.UTF_8);
            for (String requirement : selector.split(",")) {
                boolean notEquals = requirement.contains("!=");
                String[] parts = requirement.split(notEquals ? "!=" : "==?", 2);
                if (parts.length != 2 || parts[0].equals("metadata.name") || parts[0].equals("metadata.namespace")) {
                    kept.add(requirement);
                } else {
                    filters.add(new Term(parts[0], parts[1], !notEquals));
                }
            }
            if (!kept.isEmpty()) {
                params.add("fieldSelector=" + URLEncoder.encode(String.join(",", kept), StandardCharsets.UTF_8));
            }
        }
        String base = path.substring(0, query);
        return new Split(params.isEmpty() ? base : base + "?" + String.join("&", params), filters);
    }
}
