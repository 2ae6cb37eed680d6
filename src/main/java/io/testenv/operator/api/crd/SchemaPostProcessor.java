package io.testenv.operator.api.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finishes the generated CRD schema where the generator's annotations cannot reach, at build time
 * ({@code quarkus.operator-sdk.crd.post-processor}):
 * <ul>
 * <li>every embedded Kubernetes object (the manifests) keeps unknown fields; a real API server rejects an
 * embedded resource whose schema would prune everything;</li>
 * <li>lists of named items are list-maps keyed by their name (components, dependsOn, health, conditions), so
 * server-side apply merges them item by item and the API server enforces unique keys;</li>
 * <li>the printer columns read Phase, Ready, Age, the order {@code kubectl get} users expect;</li>
 * <li>the status has a default ({@link #STATUS_DEFAULT}), which the API server gives an environment the operator
 * has not written a status for yet: without it kstatus (Flux, kpt, Helm's --wait) reads a new environment as
 * Current, done, until the first status write.</li>
 * </ul>
 */
public class SchemaPostProcessor implements CRDPostProcessor {

    /** Path of a list in the schema (property names from the root) and the item key it is keyed by. */
    private record ListMap(List<String> path, String key) {}

    private static final String AGE = "Age";

    /** The columns of kubectl get, in this order, where the generator's is not the one users read best. */
    private static final Map<String, List<String>> COLUMN_ORDER = Map.of(
            "testenvironmentpools", List.of("Size", "Ready", "BringingUp", "Claimed", "Max", AGE),
            "testenvironmentclaims", List.of("Pool", "Environment", "Ready", "Reason", "Namespace", AGE));

    private static final List<ListMap> LIST_MAPS = List.of(
            new ListMap(List.of("spec", "components"), "name"),
            new ListMap(List.of("spec", "components", "dependsOn"), "component"),
            new ListMap(List.of("spec", "components", "health"), "kind"),
            new ListMap(List.of("spec", "outputs"), "name"),
            new ListMap(List.of("status", "conditions"), "type"),
            new ListMap(List.of("status", "components"), "name"));

    /** What {@code kubectl explain testenvironment.spec} says first. */
    static final String SPEC_DESCRIPTION = "The environment to bring up: its components (groups of manifests), the "
            + "order they depend on each other (dependsOn gates), when each counts as ready (health), and the "
            + "bring-up's deadline. The objects go into the environment's namespace, which must exist. A suite waits "
            + "with kubectl wait --for=condition=Ready, or for Failed, which says why.";

    static final String STATUS_DESCRIPTION = "What the operator observed: conditions (Ready, Failed, and one "
            + "component.testenv.io/<name> per component), each component's phase and objects, and the timeline.";

    /**
     * An environment's status before the operator's first write: observed generation 0 (kstatus: "generation is 1,
     * but latest observed generation is 0", in progress) and Reconciling=True, reason Pending. The operator's first
     * status replaces it (conditions are a list-map keyed by type, and it writes each of them).
     */
    static final String STATUS_DEFAULT = "{\"observedGeneration\":0,\"conditions\":[{\"type\":\"Reconciling\","
            + "\"status\":\"True\",\"reason\":\"Pending\",\"message\":\"waiting for the operator\"}]}";

    static final String POOL_SPEC_DESCRIPTION = "A warm pool: size environments made from the template, each in a "
            + "namespace of its own, kept Ready for claims (TestEnvironmentClaim) to take at once.";

    static final String POOL_STATUS_DESCRIPTION = "How many of the pool's environments are Ready and unclaimed, being "
            + "brought up and claimed; conditions Ready (size reached) and Stalled (the template fails).";

    static final String CLAIM_SPEC_DESCRIPTION = "A claim on one Ready environment of a pool in this namespace, with "
            + "extra components (the service under test) brought up on top of it. Deleting the claim deletes the "
            + "environment; it never goes back to the pool.";

    static final String CLAIM_STATUS_DESCRIPTION = "The bound environment (status.environment), its conditions "
            + "(Ready, Failed, Reconciling, Stalled) and outputs, or why there is none yet (WaitingForCapacity, "
            + "PoolNotFound, PoolStalled).";

    /** A claim before the operator's first write: in progress, as an environment's. */
    static final String CLAIM_STATUS_DEFAULT = "{\"observedGeneration\":0,\"conditions\":[{\"type\":"
            + "\"Reconciling\",\"status\":\"True\",\"reason\":\"Pending\",\"message\":\"waiting for the "
            + "operator\"}]}";

    private static void describe(JSONSchemaProps root, String property, String description) {
        JSONSchemaProps node =
                root.getProperties() == null ? null : root.getProperties().get(property);
        if (node != null && node.getDescription() == null) {
            node.setDescription(description);
        }
    }

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            String plural = definition.getSpec().getNames().getPlural();
            for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
                JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
                preserveEmbeddedResources(root);
                switch (plural) {
                    case "testenvironmentpools" -> {
                        describe(root, "spec", POOL_SPEC_DESCRIPTION);
                        describe(root, "status", POOL_STATUS_DESCRIPTION);
                        LIST_MAPS.stream()
                                .map(listMap -> listMap.path().get(0).equals("spec")
                                        ? new ListMap(templated(listMap.path()), listMap.key())
                                        : listMap)
                                .filter(listMap -> !listMap.path().equals(List.of("status", "components")))
                                .forEach(listMap -> markListMap(root, listMap));
                    }
                    case "testenvironmentclaims" -> {
                        describe(root, "spec", CLAIM_SPEC_DESCRIPTION);
                        describe(root, "status", CLAIM_STATUS_DESCRIPTION);
                        defaultStatus(root, CLAIM_STATUS_DEFAULT);
                        LIST_MAPS.stream()
                                .filter(listMap -> listMap.path().size() > 1
                                        && listMap.path().get(1).equals("components")
                                        && listMap.path().get(0).equals("spec"))
                                .forEach(listMap -> markListMap(root, listMap));
                        markListMap(root, new ListMap(List.of("status", "conditions"), "type"));
                    }
                    default -> {
                        describe(root, "spec", SPEC_DESCRIPTION);
                        describe(root, "status", STATUS_DESCRIPTION);
                        defaultStatus(root, STATUS_DEFAULT);
                        LIST_MAPS.forEach(listMap -> markListMap(root, listMap));
                    }
                }
                if (version.getAdditionalPrinterColumns() != null) {
                    List<CustomResourceColumnDefinition> columns =
                            new ArrayList<>(version.getAdditionalPrinterColumns());
                    // Phase and Ready first, Age last, the wide-only columns (Expires) in between.
                    columns.sort(Comparator.comparing(column -> AGE.equals(column.getName())
                            ? 2
                            : column.getPriority() != null && column.getPriority() > 0 ? 1 : 0));
                    List<String> order = COLUMN_ORDER.getOrDefault(plural, List.of());
                    columns.sort(Comparator.comparing(column ->
                            order.contains(column.getName()) ? order.indexOf(column.getName()) : order.size()));
                    version.setAdditionalPrinterColumns(columns);
                }
            }
        }
        return crd;
    }

    private static List<String> templated(List<String> path) {
        List<String> inTemplate = new ArrayList<>(List.of("spec", "template"));
        inTemplate.addAll(path.subList(1, path.size()));
        return inTemplate;
    }

    private static void defaultStatus(JSONSchemaProps root, String defaultStatus) {
        JSONSchemaProps status =
                root.getProperties() == null ? null : root.getProperties().get("status");
        if (status == null) {
            throw new IllegalStateException("CRD schema has no status");
        }
        try {
            status.setDefault(new ObjectMapper().readTree(defaultStatus));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void preserveEmbeddedResources(JSONSchemaProps node) {
        if (node == null) {
            return;
        }
        if (Boolean.TRUE.equals(node.getXKubernetesEmbeddedResource())) {
            node.setXKubernetesPreserveUnknownFields(true);
        }
        if (node.getProperties() != null) {
            node.getProperties().values().forEach(SchemaPostProcessor::preserveEmbeddedResources);
        }
        if (node.getItems() != null) {
            preserveEmbeddedResources(node.getItems().getSchema());
        }
        if (node.getAdditionalProperties() != null) {
            preserveEmbeddedResources(node.getAdditionalProperties().getSchema());
        }
    }

    private static void markListMap(JSONSchemaProps root, ListMap listMap) {
        JSONSchemaProps list = root;
        for (String property : listMap.path()) {
            if (list != null && "array".equals(list.getType()) && list.getItems() != null) {
                list = list.getItems().getSchema();
            }
            Map<String, JSONSchemaProps> properties = list == null ? null : list.getProperties();
            list = properties == null ? null : properties.get(property);
        }
        if (list == null || list.getItems() == null || list.getItems().getSchema() == null) {
            throw new IllegalStateException("CRD schema has no list at " + String.join(".", listMap.path()));
        }
        list.setXKubernetesListType("map");
        list.setXKubernetesListMapKeys(List.of(listMap.key()));
        JSONSchemaProps item = list.getItems().getSchema();
        List<String> required = new ArrayList<>(item.getRequired() == null ? List.of() : item.getRequired());
        if (!required.contains(listMap.key())) {
            required.add(listMap.key());
        }
        item.setRequired(required);
    }
}
