package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStatus {

    @JsonPropertyDescription("apiVersion of the object.")
    private String apiVersion;

    @JsonPropertyDescription("Kind of the object.")
    private String kind;

    @JsonPropertyDescription("Namespace of the object; empty for cluster-scoped objects.")
    private String namespace;

    @JsonPropertyDescription("Name of the object.")
    private String name;

    @JsonPropertyDescription("Missing, InProgress, Ready or Failed.")
    private ObjectState state;

    @JsonPropertyDescription("CamelCase reason given by the readiness rule.")
    private String reason;

    @JsonPropertyDescription("Why the object is in this state, e.g. 'Available: 0/1'.")
    private String message;

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ObjectState getState() {
        return state;
    }

    public void setState(ObjectState state) {
        this.state = state;
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
}
