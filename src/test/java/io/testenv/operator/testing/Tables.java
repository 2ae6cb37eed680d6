package io.testenv.operator.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Server-side printing: when a client asks for {@code as=Table} (kubectl get does), a list or object of a custom
 * resource becomes a meta.k8s.io/v1 Table whose columns are the CRD's additionalPrinterColumns, as the real
 * API server does. Built-in kinds are left as they are; kubectl prints those itself.
 */
final class Tables {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CUSTOM_RESOURCE_PATH = Pattern.compile(
            "^/apis/([^/]+)/([^/]+)/(?:namespaces/[^/]+/)?([^/]+)(?:/[^/]+)?$");

    private Tables() {
    }

    static MockResponse convertIfAsked(ApiServerDispatcher dispatcher, String accept, RecordedRequest request,
            MockResponse response) {
        if (accept == null || !accept.contains("as=Table") || response.code() != 200 || response.getBody() == null) {
            return response;
        }
        Matcher path = CUSTOM_RESOURCE_PATH.matcher(ApiServerDispatcher.withoutQuery(request.getPath()));
        if (!path.matches()) {
            return response;
        }
        Optional<JsonNode> version = dispatcher.crdVersion(path.group(1), path.group(2), path.group(3));
        if (version.isEmpty()) {
            return response;
        }
        try {
            JsonNode body = JSON.readTree(response.getBody().getBytes());
            List<JsonNode> objects = new ArrayList<>();
            if (body.has("items")) {
                body.get("items").forEach(objects::add);
            } else {
                objects.add(body);
            }
            return ApiServerDispatcher.json(200, table(version.get(), objects, body.path("metadata")));
        } catch (java.io.IOException e) {
            return response;
        }
    }

    static JsonNode table(JsonNode crdVersion, List<JsonNode> objects, JsonNode listMetadata) {
        ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.set("metadata", listMetadata.isMissingNode() ? JSON.createObjectNode() : listMetadata);
        ArrayNode columns = table.putArray("columnDefinitions");
        columns.addObject().put("name", "Name").put("type", "string").put("format", "name")
                .put("description", "Name must be unique within a namespace.").put("priority", 0);
        JsonNode printerColumns = crdVersion.path("additionalPrinterColumns");
        printerColumns.forEach(c -> columns.addObject().put("name", c.path("name").asText())
                .put("type", c.path("type").asText("string")).put("format", c.path("format").asText(""))
                .put("description", c.path("description").asText("")).put("priority", c.path("priority").asInt(0)));
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(object.path("metadata").path("name").asText());
            for (JsonNode column : printerColumns) {
                cells.add(cell(object, column));
            }
            row.set("object", object);
        }
        return table;
    }

    private static JsonNode cell(JsonNode object, JsonNode column) {
        JsonNode value = object;
        for (String field : column.path("jsonPath").asText().replaceFirst("^\\.", "").split("\\.")) {
            value = value.path(field);
        }
        if (value.isMissingNode() || value.isNull()) {
            return JSON.nullNode();
        }
        if ("date".equals(column.path("type").asText())) {
            return JSON.getNodeFactory().textNode(age(value.asText()));
        }
        return value;
    }

    /** Kubernetes' short human durations: 45s, 3m20s, 42m, 5h10m, 3d4h, 40d. */
    static String age(String timestamp) {
        Instant then;
        try {
            then = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
        return humanDuration(Duration.between(then, Instant.now()));
    }

    static String humanDuration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long minutes = seconds / 60;
        long hours = minutes / 60;
        long days = hours / 24;
        if (seconds < 120) {
            return seconds + "s";
        }
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + (seconds % 60) + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + (minutes % 60) + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            return hours % 24 == 0 ? days + "d" : days + "d" + (hours % 24) + "h";
        }
        return days + "d";
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
