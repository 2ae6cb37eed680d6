package io.testenv.operator.testing;

import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.http.MockResponse;

/** List responses as a real API server gives them: typed ({@code EventList}) and filtered by field selectors. */
final class ListResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CORE_COLLECTION = Pattern.compile("^/api/(v1)/(?:namespaces/[^/]+/)?([^/]+)$");
    private static final Pattern GROUP_COLLECTION =
            Pattern.compile("^/apis/([^/]+/[^/]+)/(?:namespaces/[^/]+/)?([^/]+)$");

    private ListResponses() {
    }

    /** The list response with only the items every field selector term matches. */
    static MockResponse filtered(MockResponse response, List<FieldSelectors.Term> filters) {
        if (response.code() != HttpURLConnection.HTTP_OK) {
            return response;
        }
        try {
            ObjectNode list = (ObjectNode) JSON.readTree(response.getBody().readUtf8());
            if (!list.has("items")) {
                return ApiServerDispatcher.json(HttpURLConnection.HTTP_OK, list);
            }
            ArrayNode kept = JSON.createArrayNode();
            list.get("items").forEach(item -> {
                if (filters.stream().allMatch(term -> term.matches(item))) {
                    kept.add(item);
                }
            });
            list.set("items", kept);
            return ApiServerDispatcher.json(HttpURLConnection.HTTP_OK, list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored objects are not JSON", e);
        }
    }

    /**
     * The stock store answers every list as {@code kind: List}; a real server says {@code EventList}, and
     * kubectl's typed clients (describe's Events) cannot decode anything else.
     */
    static MockResponse typed(String path, MockResponse response, Discovery discovery) {
        Matcher core = CORE_COLLECTION.matcher(path);
        Matcher group = GROUP_COLLECTION.matcher(path);
        Matcher matched = core.matches() ? core : group.matches() ? group : null;
        if (matched == null || response.code() != HttpURLConnection.HTTP_OK) {
            return response;
        }
        String groupVersion = matched.group(1);
        String plural = matched.group(2);
        Optional<String> kind = discovery.resourcesByGroupVersion().getOrDefault(groupVersion, List.of()).stream()
                .filter(r -> r.path("name").asText().equals(plural)).map(r -> r.path("kind").asText()).findFirst();
        if (kind.isEmpty()) {
            return response;
        }
        try {
            JsonNode body = JSON.readTree(response.getBody().readUtf8());
            if (body instanceof ObjectNode list && "List".equals(list.path("kind").asText())) {
                list.put("kind", kind.get() + "List").put("apiVersion", groupVersion);
            }
            return ApiServerDispatcher.json(HttpURLConnection.HTTP_OK, body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored objects are not JSON", e);
        }
    }
}
