package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;

public class ComponentSpec {

    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    /** A DNS label's length limit, and so a component name's. */
    public static final int MAX_NAME_LENGTH = 63;

    @Required
    @Pattern(DNS_LABEL)
    @Size(min = 1, max = MAX_NAME_LENGTH)
    @JsonPropertyDescription("Name of the component, a DNS label unique in the environment. Its gate condition is "
            + "component.testenv.io/<name>.")
    private String name;

    @Required
    @Size(min = 1, max = 500)
    @JsonPropertyDescription("Kubernetes objects of any kind, kept as given. Each needs apiVersion, kind and "
            + "metadata.name; the namespace defaults to the environment's.")
    private List<GenericKubernetesResource> manifests = new ArrayList<>();

    @Size(max = 256)
    @JsonPropertyDescription("Components whose gate must open before this one is applied.")
    private List<Dependency> dependsOn = new ArrayList<>();

    @Size(max = 64)
    @JsonPropertyDescription("Readiness overrides per kind, as CEL expressions over the object (self).")
    private List<HealthCheck> health = new ArrayList<>();

    public ComponentSpec() {}

    public ComponentSpec(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<GenericKubernetesResource> getManifests() {
        return manifests;
    }

    public void setManifests(List<GenericKubernetesResource> manifests) {
        this.manifests = manifests;
    }

    public List<Dependency> getDependsOn() {
        return dependsOn;
    }

    public void setDependsOn(List<Dependency> dependsOn) {
        this.dependsOn = dependsOn;
    }

    public List<HealthCheck> getHealth() {
        return health;
    }

    public void setHealth(List<HealthCheck> health) {
        this.health = health;
    }
}
