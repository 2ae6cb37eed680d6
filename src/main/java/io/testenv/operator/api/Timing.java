package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Timing {

    @JsonPropertyDescription("When the operator first reconciled this generation of the environment (RFC 3339).")
    private String startedAt;
    @JsonPropertyDescription("When every component was first ready in this generation (RFC 3339).")
    private String readyAt;

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getReadyAt() {
        return readyAt;
    }

    public void setReadyAt(String readyAt) {
        this.readyAt = readyAt;
    }
}
