package io.testenv.operator.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3 documents, only as much as kubectl uses: the root lists every group/version, and each group/version
 * document has the PATCH operation of each kind with the {@code fieldValidation} parameter. Seeing it, kubectl
 * leaves validation to the server (server-side field validation) instead of validating against schemas, so no
 * schema is published. OpenAPI v2 (protobuf only for kubectl) is refused with 404.
 */
final class OpenApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApi() {
    }

    static Optional<JsonNode> serve(String path, Discovery discovery) {
        if (!path.startsWith("/openapi/v3")) {
            return Optional.empty();
        }
        Map<String, List<JsonNode>> groupVersions = discovery.resourcesByGroupVersion();
        if (path.equals("/openapi/v3")) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode paths = root.putObject("paths");
            groupVersions.keySet().forEach(gv -> paths.putObject(prefix(gv).substring(1))
                    .put("serverRelativeURL", "/openapi/v3" + prefix(gv) + "?hash=" + Integer.toHexString(
                            groupVersions.get(gv).hashCode())));
            return Optional.of(root);
        }
        if (!path.startsWith("/openapi/v3/")) {
            return Optional.empty();
        }
        String groupVersion = path.substring("/openapi/v3/".length()).replaceFirst("^api/", "").replaceFirst("^apis/", "");
        List<JsonNode> resources = groupVersions.get(groupVersion);
        return Optional.ofNullable(resources).map(r -> document(groupVersion, r));
    }

    private static JsonNode document(String groupVersion, List<JsonNode> resources) {
        ObjectNode doc = JSON.createObjectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
        ObjectNode paths = doc.putObject("paths");
        int slash = groupVersion.indexOf('/');
        String group = slash < 0 ? "" : groupVersion.substring(0, slash);
        String version = groupVersion.substring(slash + 1);
        for (JsonNode resource : resources) {
            String plural = resource.path("name").asText();
            if (plural.contains("/")) {
                continue;
            }
            String scope = resource.path("namespaced").asBoolean() ? "/namespaces/{namespace}" : "";
            ObjectNode patch = paths.putObject(prefix(groupVersion) + scope + "/" + plural + "/{name}").putObject("patch");
            patch.put("operationId", "patch" + resource.path("kind").asText());
            patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version)
                    .put("kind", resource.path("kind").asText());
            patch.put("x-kubernetes-action", "patch");
            var parameters = patch.putArray("parameters");
            for (String parameter : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
                parameters.addObject().put("name", parameter).put("in", "query").putObject("schema")
                        .put("type", "string");
            }
        }
        return doc;
    }

    private static String prefix(String groupVersion) {
        return groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
    }
}
