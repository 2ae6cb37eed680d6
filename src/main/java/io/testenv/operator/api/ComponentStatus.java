package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentStatus {

    @JsonPropertyDescription("Name of the component.")
    private String name;

    @JsonPropertyDescription("Pending, Blocked, Applying, Progressing, Ready or Failed.")
    private ComponentPhase phase;

    @JsonPropertyDescription("CamelCase reason for the phase.")
    private String reason;

    @JsonPropertyDescription("Why the component is in this phase.")
    private String message;

    @JsonPropertyDescription("When the component's objects were first sent to the API server (RFC 3339).")
    private String appliedAt;

    @JsonPropertyDescription("When every object of the component was first seen ready (RFC 3339).")
    private String readyAt;

    @JsonPropertyDescription("Seconds from appliedAt to readyAt.")
    private Double readySeconds;

    @JsonPropertyDescription("Seconds its gates held it: from the start of the bring-up to appliedAt.")
    private Double blockedSeconds;

    @JsonPropertyDescription("When the component failed (RFC 3339); a failure holds until the spec changes.")
    private String failedAt;

    @JsonPropertyDescription("The environment generation whose manifests were last applied for this component.")
    private Long appliedGeneration;

    @JsonPropertyDescription("State of each object of the component; of a component with more than 50 objects, the "
            + "50 that are furthest from ready, in spec order (see objectsOmitted).")
    private List<ObjectStatus> objects = new ArrayList<>();

    @JsonPropertyDescription("How many objects of the component the objects list leaves out, to keep the status "
            + "small; unset when none.")
    private Integer objectsOmitted;

    public Integer getObjectsOmitted() {
        return objectsOmitted;
    }

    public void setObjectsOmitted(Integer objectsOmitted) {
        this.objectsOmitted = objectsOmitted;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ComponentPhase getPhase() {
        return phase;
    }

    public void setPhase(ComponentPhase phase) {
        this.phase = phase;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getAppliedAt() {
        return appliedAt;
    }

    public void setAppliedAt(String appliedAt) {
        this.appliedAt = appliedAt;
    }

    public String getReadyAt() {
        return readyAt;
    }

    public void setReadyAt(String readyAt) {
        this.readyAt = readyAt;
    }

    public Double getReadySeconds() {
        return readySeconds;
    }

    public void setReadySeconds(Double readySeconds) {
        this.readySeconds = readySeconds;
    }

    public Double getBlockedSeconds() {
        return blockedSeconds;
    }

    public void setBlockedSeconds(Double blockedSeconds) {
        this.blockedSeconds = blockedSeconds;
    }

    public String getFailedAt() {
        return failedAt;
    }

    public void setFailedAt(String failedAt) {
        this.failedAt = failedAt;
    }

    public Long getAppliedGeneration() {
        return appliedGeneration;
    }

    public void setAppliedGeneration(Long appliedGeneration) {
        this.appliedGeneration = appliedGeneration;
    }

    public List<ObjectStatus> getObjects() {
        return objects;
    }

    public void setObjects(List<ObjectStatus> objects) {
        this.objects = objects;
    }
}
