package io.testenv.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checked-in CRD must be accepted by a real API server, which the local tests do not run: its schema must
 * be structural (every node typed, no forbidden keywords), every embedded Kubernetes object must keep its
 * unknown fields, and every list-map must be keyed by required fields of object items.
 */
class StructuralSchemaTest {

    static final Path CRD = Path.of("crds", "testenvironments.testenv.io-v1.yml");
    static final Set<String> FORBIDDEN = Set.of(
            "$ref",
            "uniqueItems",
            "definitions",
            "dependencies",
            "patternProperties",
            "additionalItems",
            "id",
            "$schema");

    static JsonNode crd;
    static JsonNode schema;

    @BeforeAll
    static void readCrd() throws IOException {
        crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(CRD));
        schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    }

    @Test
    void everyNodeIsStructural() {
        List<String> problems = new ArrayList<>();
        walk(schema, "", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyEmbeddedManifestPreservesUnknownFields() {
        List<String> embedded = new ArrayList<>();
        collectEmbedded(schema, "", embedded);
        assertThat(embedded).as("embedded resource nodes").isNotEmpty();
        JsonNode manifests = schema.at("/properties/spec/properties/components/items/properties/manifests/items");
        assertThat(manifests.path("x-kubernetes-embedded-resource").asBoolean()).isTrue();
        assertThat(manifests.path("x-kubernetes-preserve-unknown-fields").asBoolean())
                .isTrue();
    }

    @Test
    void namedListsAreListMapsKeyedByRequiredFields() {
        Map<String, String> listMaps = Map.of(
                "/properties/spec/properties/components", "name",
                "/properties/spec/properties/components/items/properties/dependsOn", "component",
                "/properties/spec/properties/components/items/properties/health", "kind",
                "/properties/status/properties/conditions", "type",
                "/properties/status/properties/components", "name");
        listMaps.forEach((pointer, key) -> {
            JsonNode list = schema.at(pointer);
            assertThat(list.path("x-kubernetes-list-type").asText()).as(pointer).isEqualTo("map");
            assertThat(list.path("x-kubernetes-list-map-keys")).as(pointer).containsExactly(textNode(key));
            assertThat(list.at("/items/required")).as(pointer + " required").contains(textNode(key));
            assertThat(list.at("/items/properties/" + key + "/type").asText())
                    .as(pointer)
                    .isEqualTo("string");
        });
    }

    @Test
    void servesTheApiThatKubectlUsers() {
        assertThat(crd.at("/spec/group").asText()).isEqualTo("testenv.io");
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/names/shortNames")).containsExactly(textNode("te"), textNode("testenv"));
        assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
        assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
        List<String> columns = new ArrayList<>();
        crd.at("/spec/versions/0/additionalPrinterColumns")
                .forEach(c -> columns.add(c.path("name").asText()));
        assertThat(columns).containsExactly("Phase", "Ready", "Expires", "Namespace", "Age");
        assertThat(schema.at("/properties/spec/properties/strategy/enum"))
                .containsExactlyInAnyOrder(textNode("Parallel"), textNode("Sequential"), textNode("AllAtOnce"));
        assertThat(schema.at("/properties/spec/properties/components/items/properties/name/pattern")
                        .asText())
                .isEqualTo("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
        assertThat(schema.at("/properties/spec/properties/targetNamespace/x-kubernetes-validations/0/rule")
                        .asText())
                .as("the namespace made for an environment is never renamed")
                .isEqualTo("self == oldSelf");
        assertThat(schema.at("/properties/spec/x-kubernetes-validations/0/rule").asText())
                .as("nor added or removed")
                .isEqualTo("has(self.targetNamespace) == has(oldSelf.targetNamespace)");
    }

    private static JsonNode textNode(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }

    private static void walk(JsonNode node, String path, List<String> problems) {
        boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean intOrString = node.path("x-kubernetes-int-or-string").asBoolean(false);
        if (!node.has("type") && !preserve && !intOrString) {
            problems.add(path + ": no type");
        }
        for (String keyword : FORBIDDEN) {
            if (node.has(keyword)) {
                problems.add(path + ": forbidden keyword " + keyword);
            }
        }
        if (node.has("properties") && node.has("additionalProperties")) {
            problems.add(path + ": both properties and additionalProperties");
        }
        if (node.path("x-kubernetes-embedded-resource").asBoolean(false)
                && (!"object".equals(node.path("type").asText()) || !(preserve || node.has("properties")))) {
            problems.add(path + ": embedded resource must be an object with properties or preserve-unknown-fields");
        }
        if ("array".equals(node.path("type").asText()) && !node.has("items")) {
            problems.add(path + ": array without items");
        }
        if (node.has("properties")) {
            Iterator<Map.Entry<String, JsonNode>> fields =
                    node.get("properties").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), path + "." + field.getKey(), problems);
            }
        }
        if (node.has("items")) {
            walk(node.get("items"), path + "[]", problems);
        }
        if (node.path("additionalProperties").isObject()) {
            walk(node.get("additionalProperties"), path + "{}", problems);
        }
    }

    private static void collectEmbedded(JsonNode node, String path, List<String> found) {
        if (node.path("x-kubernetes-embedded-resource").asBoolean(false)) {
            found.add(path);
        }
        node.path("properties")
                .fields()
                .forEachRemaining(f -> collectEmbedded(f.getValue(), path + "." + f.getKey(), found));
        if (node.has("items")) {
            collectEmbedded(node.get("items"), path + "[]", found);
        }
    }
}
