package io.testenv.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checked-in pool and claim CRDs: their names, the columns kubectl get shows, the scale subresource that
 * kubectl scale uses, the template's manifests kept whole, and the named lists merged item by item.
 */
class PoolSchemaTest {

    static JsonNode read(String file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("crds", file)));
    }

    static List<String> columns(JsonNode crd) {
        List<String> columns = new ArrayList<>();
        crd.at("/spec/versions/0/additionalPrinterColumns")
                .forEach(c -> columns.add(c.path("name").asText()));
        return columns;
    }

    @Test
    void aPoolScalesAndShowsItsCounts() throws IOException {
        JsonNode crd = read("testenvironmentpools.testenv.io-v1.yml");
        assertThat(crd.at("/spec/names/shortNames")).containsExactly(new TextNode("tepool"));
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
        JsonNode scale = crd.at("/spec/versions/0/subresources/scale");
        assertThat(scale.path("specReplicasPath").asText()).isEqualTo(".spec.size");
        assertThat(scale.path("statusReplicasPath").asText()).isEqualTo(".status.ready");
        assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
        assertThat(columns(crd)).containsExactly("Size", "Ready", "BringingUp", "Claimed", "Max", "Age");

        JsonNode template = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/template");
        JsonNode manifests = template.at("/properties/components/items/properties/manifests/items");
        assertThat(manifests.path("x-kubernetes-preserve-unknown-fields").asBoolean())
                .isTrue();
        assertThat(template.at("/properties/components/x-kubernetes-list-type").asText())
                .isEqualTo("map");
    }

    @Test
    void aClaimShowsItsEnvironmentAndWhyItWaits() throws IOException {
        JsonNode crd = read("testenvironmentclaims.testenv.io-v1.yml");
        assertThat(crd.at("/spec/names/shortNames")).containsExactly(new TextNode("teclaim"));
        assertThat(columns(crd)).containsExactly("Pool", "Environment", "Ready", "Reason", "Namespace", "Age");
        JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
        assertThat(schema.at("/properties/spec/properties/components/x-kubernetes-list-type")
                        .asText())
                .isEqualTo("map");
        assertThat(schema.at("/properties/status/properties/conditions/x-kubernetes-list-type")
                        .asText())
                .isEqualTo("map");
        assertThat(schema.at("/properties/status/default/conditions/0/type").asText())
                .as("in progress before the operator's first write, for kubectl wait and kstatus")
                .isEqualTo("Reconciling");
    }
}
