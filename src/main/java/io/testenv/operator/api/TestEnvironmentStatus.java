package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TestEnvironmentStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @PrinterColumn(name = "Phase")
    @JsonPropertyDescription("Pending, Progressing, Ready or Failed; the conditions carry the detail.")
    private EnvironmentPhase phase;

    @PrinterColumn(name = "Ready")
    @JsonPropertyDescription("Ready components out of all, e.g. 3/4.")
    private String readyComponents;

    @JsonPropertyDescription("Ready, Failed, and one gate condition per component: component.testenv.io/<name>.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("State of each component, in spec order.")
    private List<ComponentStatus> components = new ArrayList<>();

    @JsonPropertyDescription("When the bring-up started and ended.")
    private Timing timing;

    @JsonPropertyDescription(
            "When the environment deletes itself (spec.ttlSecondsAfterReady or " + "ttlSecondsAfterFailed), RFC 3339.")
    private String expiresAt;

    @PrinterColumn(name = "Namespace", priority = 1)
    @JsonPropertyDescription("The namespace the operator created for the environment's objects "
            + "(spec.targetNamespace), once it exists; deleted with the environment.")
    private String targetNamespace;

    public String getTargetNamespace() {
        return targetNamespace;
    }

    public void setTargetNamespace(String targetNamespace) {
        this.targetNamespace = targetNamespace;
    }

    @JsonPropertyDescription("The Secret with every output, the secret ones included, once Ready (Service Binding).")
    private Binding binding;

    public Binding getBinding() {
        return binding;
    }

    public void setBinding(Binding binding) {
        this.binding = binding;
    }

    @JsonPropertyDescription("The environment's outputs (spec.outputs) but the secret ones, name to value, once Ready.")
    private Map<String, String> outputs;

    public Map<String, String> getOutputs() {
        return outputs;
    }

    public void setOutputs(Map<String, String> outputs) {
        this.outputs = outputs;
    }

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public EnvironmentPhase getPhase() {
        return phase;
    }

    public void setPhase(EnvironmentPhase phase) {
        this.phase = phase;
    }

    public String getReadyComponents() {
        return readyComponents;
    }

    public void setReadyComponents(String readyComponents) {
        this.readyComponents = readyComponents;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public List<ComponentStatus> getComponents() {
        return components;
    }

    public void setComponents(List<ComponentStatus> components) {
        this.components = components;
    }

    public Timing getTiming() {
        return timing;
    }

    public void setTiming(Timing timing) {
        this.timing = timing;
    }
}
