package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TestEnvironmentClaimStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @PrinterColumn(name = "Environment")
    @JsonPropertyDescription("The TestEnvironment bound to the claim, once bound; it stays bound until the claim goes.")
    private String environment;

    @PrinterColumn(name = "Namespace", priority = 1)
    @JsonPropertyDescription("The namespace the bound environment's objects are in.")
    private String targetNamespace;

    @JsonPropertyDescription("When the claim's lifetime ends (RFC 3339), where it has one.")
    private String expiresAt;

    @JsonPropertyDescription("Ready, Failed, Reconciling and Stalled: the bound environment's, or why there is none.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The bound environment's outputs, copied from its status.")
    private Map<String, String> outputs;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getTargetNamespace() {
        return targetNamespace;
    }

    public void setTargetNamespace(String targetNamespace) {
        this.targetNamespace = targetNamespace;
    }

    public String getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Map<String, String> getOutputs() {
        return outputs;
    }

    public void setOutputs(Map<String, String> outputs) {
        this.outputs = outputs;
    }
}
