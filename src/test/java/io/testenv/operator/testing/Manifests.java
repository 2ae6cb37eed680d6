package io.testenv.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/** Objects and lookups the tests share. */
public final class Manifests {

    private Manifests() {}

    /** A namespaced CRD with a status subresource and a schema that keeps every field. */
    public static CustomResourceDefinition crd(String group, String plural, String kind, String... shortNames) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + "." + group)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames()
                .withKind(kind)
                .withPlural(plural)
                .withSingular(kind.toLowerCase())
                .withShortNames(List.of(shortNames))
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
    }

    /** The same CRD as a one-line manifest (JSON, which YAML reads), to declare in an environment's YAML. */
    public static String crdManifest(String group, String plural, String kind) {
        return new KubernetesSerialization().asJson(crd(group, plural, kind));
    }

    /** A field of a generic object by its path, e.g. {@code at(deployment, "status", "readyReplicas")}. */
    @SuppressWarnings("unchecked")
    public static Object at(GenericKubernetesResource object, String... path) {
        Object node = object.getAdditionalProperties();
        for (String key : path) {
            node = node instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(key) : null;
        }
        return node;
    }
}
