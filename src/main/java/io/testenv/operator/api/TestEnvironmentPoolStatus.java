package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TestEnvironmentPoolStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("The pool's generation when its template last changed; environments made from an "
            + "older template are replaced while unclaimed.")
    private Long templateGeneration;

    @JsonPropertyDescription("A digest of the template the current environments are made from; each environment "
            + "carries the digest it was made from (label testenv.io/pool-template).")
    private String templateHash;

    public String getTemplateHash() {
        return templateHash;
    }

    public void setTemplateHash(String templateHash) {
        this.templateHash = templateHash;
    }

    @StatusReplicas
    @PrinterColumn(name = "Ready")
    @JsonPropertyDescription("Ready, unclaimed environments.")
    private Integer ready;

    @PrinterColumn(name = "BringingUp")
    @JsonPropertyDescription("Environments being brought up.")
    private Integer bringingUp;

    @PrinterColumn(name = "Claimed")
    @JsonPropertyDescription("Environments held by claims.")
    private Integer claimed;

    @JsonPropertyDescription("Ready (size reached), Stalled (the template fails: creation backs off).")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Environments of the current template that failed in a row, the back-off's count.")
    private Integer failures;

    @JsonPropertyDescription("When the pool creates again after a failure (RFC 3339), while it backs off.")
    private String retryAt;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Long getTemplateGeneration() {
        return templateGeneration;
    }

    public void setTemplateGeneration(Long templateGeneration) {
        this.templateGeneration = templateGeneration;
    }

    public Integer getReady() {
        return ready;
    }

    public void setReady(Integer ready) {
        this.ready = ready;
    }

    public Integer getBringingUp() {
        return bringingUp;
    }

    public void setBringingUp(Integer bringingUp) {
        this.bringingUp = bringingUp;
    }

    public Integer getClaimed() {
        return claimed;
    }

    public void setClaimed(Integer claimed) {
        this.claimed = claimed;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Integer getFailures() {
        return failures;
    }

    public void setFailures(Integer failures) {
        this.failures = failures;
    }

    public String getRetryAt() {
        return retryAt;
    }

    public void setRetryAt(String retryAt) {
        this.retryAt = retryAt;
    }
}
