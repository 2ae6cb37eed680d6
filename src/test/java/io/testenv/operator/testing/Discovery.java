package io.testenv.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The API server's discovery documents ({@code /version}, {@code /api}, {@code /api/v1}, {@code /apis},
 * {@code /apis/{group}}, {@code /apis/{group}/{version}}): the built-in kinds of {@code testing/discovery.yaml}
 * plus the served versions of every CustomResourceDefinition stored at the moment of the request.
 */
final class Discovery {

    static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    private static final Pattern GROUP = Pattern.compile("^/apis/([^/]+)$");
    private static final Pattern GROUP_VERSION = Pattern.compile("^/apis/([^/]+)/([^/]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Resources by group/version ("v1" for core), in a stable order. */
    private final Map<String, List<JsonNode>> builtIn;
    private final Supplier<List<JsonNode>> storedCrds;

    Discovery(Supplier<List<JsonNode>> storedCrds) {
        this.builtIn = loadBuiltIn();
        this.storedCrds = storedCrds;
    }

    /** The discovery document at this path (without query), if the path is a discovery path. */
    Optional<JsonNode> serve(String path) {
        if (path.equals("/version")) {
            return Optional.of(version());
        }
        if (path.equals("/api")) {
            ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                    .put("serverAddress", "127.0.0.1:443");
            return Optional.of(versions);
        }
        if (path.equals("/api/v1")) {
            return Optional.of(resourceList("v1", resourcesByGroupVersion().get("v1")));
        }
        if (path.equals("/apis")) {
            ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            groupVersions().forEach((group, versions) -> groups.add(group(group, versions)));
            return Optional.of(list);
        }
        Matcher groupVersion = GROUP_VERSION.matcher(path);
        if (groupVersion.matches()) {
            String key = groupVersion.group(1) + "/" + groupVersion.group(2);
            return Optional.ofNullable(resourcesByGroupVersion().get(key)).map(r -> resourceList(key, r));
        }
        Matcher group = GROUP.matcher(path);
        if (group.matches()) {
            return Optional.ofNullable(groupVersions().get(group.group(1))).map(v -> group(group.group(1), v));
        }
        return Optional.empty();
    }

    /** Whether the path is under a discovery root and names a group/version nobody serves: answer 404. */
    boolean isUnknownGroupVersion(String path) {
        Matcher groupVersion = GROUP_VERSION.matcher(path);
        if (groupVersion.matches()) {
            return !resourcesByGroupVersion().containsKey(groupVersion.group(1) + "/" + groupVersion.group(2));
        }
        Matcher group = GROUP.matcher(path);
        return group.matches() && !groupVersions().containsKey(group.group(1));
    }

    static JsonNode version() {
        return JSON.createObjectNode().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0")
                .put("gitCommit", "testenv-playground").put("gitTreeState", "clean")
                .put("buildDate", "2024-12-11T00:00:00Z").put("goVersion", "go1.23.3").put("compiler", "gc")
                .put("platform", "linux/amd64");
    }

    /** Every served group/version with its resources: built-in first, then those of stored CRDs. */
    Map<String, List<JsonNode>> resourcesByGroupVersion() {
        Map<String, List<JsonNode>> result = new LinkedHashMap<>();
        builtIn.forEach((gv, resources) -> result.put(gv, new ArrayList<>(resources)));
        for (JsonNode crd : storedCrds.get()) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            for (JsonNode version : spec.path("versions")) {
                if (!version.path("served").asBoolean(true)) {
                    continue;
                }
                ObjectNode resource = JSON.createObjectNode()
                        .put("name", names.path("plural").asText())
                        .put("singularName", names.path("singular").asText(names.path("kind").asText().toLowerCase()))
                        .put("kind", names.path("kind").asText())
                        .put("namespaced", "Namespaced".equals(spec.path("scope").asText()));
                resource.set("shortNames", names.path("shortNames").isArray() ? names.get("shortNames")
                        : JSON.createArrayNode());
                if (names.path("categories").isArray()) {
                    resource.set("categories", names.get("categories"));
                }
                List<String> subresources = new ArrayList<>();
                if (version.path("subresources").has("status")) {
                    subresources.add("status");
                }
                if (version.path("subresources").has("scale")) {
                    subresources.add("scale");
                }
                addResource(result, spec.path("group").asText() + "/" + version.path("name").asText(), resource,
                        subresources);
            }
        }
        return result;
    }

    private Map<String, List<String>> groupVersions() {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String groupVersion : resourcesByGroupVersion().keySet()) {
            int slash = groupVersion.indexOf('/');
            if (slash > 0) {
                result.computeIfAbsent(groupVersion.substring(0, slash), g -> new ArrayList<>())
                        .add(groupVersion.substring(slash + 1));
            }
        }
        return result;
    }

    private static JsonNode group(String name, List<String> versions) {
        ObjectNode group = JSON.createObjectNode().put("kind", "APIGroup").put("apiVersion", "v1").put("name", name);
        ArrayNode list = group.putArray("versions");
        versions.forEach(v -> list.addObject().put("groupVersion", name + "/" + v).put("version", v));
        group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0))
                .put("version", versions.get(0));
        return group;
    }

    private static JsonNode resourceList(String groupVersion, List<JsonNode> resources) {
        ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", groupVersion);
        list.putArray("resources").addAll(resources);
        return list;
    }

    private static void addResource(Map<String, List<JsonNode>> into, String groupVersion, ObjectNode resource,
            List<String> subresources) {
        if (!resource.has("verbs")) {
            ArrayNode verbs = resource.putArray("verbs");
            VERBS.forEach(verbs::add);
        }
        List<JsonNode> resources = into.computeIfAbsent(groupVersion, gv -> new ArrayList<>());
        resources.add(resource);
        for (String subresource : subresources) {
            ObjectNode sub = JSON.createObjectNode()
                    .put("name", resource.path("name").asText() + "/" + subresource)
                    .put("singularName", "")
                    .put("namespaced", resource.path("namespaced").asBoolean())
                    .put("kind", subresource.equals("scale") ? "Scale" : resource.path("kind").asText());
            ArrayNode subVerbs = sub.putArray("verbs");
            List.of("get", "patch", "update").forEach(subVerbs::add);
            resources.add(sub);
        }
    }

    private static Map<String, List<JsonNode>> loadBuiltIn() {
        try (InputStream in = Discovery.class.getResourceAsStream("/testing/discovery.yaml")) {
            JsonNode groups = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, List<JsonNode>> result = new LinkedHashMap<>();
            for (JsonNode group : groups) {
                for (JsonNode entry : group.path("resources")) {
                    ObjectNode resource = ((ObjectNode) entry).deepCopy();
                    List<String> subresources = new ArrayList<>();
                    resource.path("subresources").forEach(s -> subresources.add(s.asText()));
                    resource.remove("subresources");
                    if (!resource.has("shortNames")) {
                        resource.putArray("shortNames");
                    }
                    addResource(result, group.path("groupVersion").asText(), resource, subresources);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
