package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Timing {

    @JsonPropertyDescription("When the operator first reconciled this generation of the environment (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When every component was first ready in this generation (RFC 3339).")
    private String readyAt;

    @JsonPropertyDescription("Seconds from startedAt to readyAt.")
    private Double elapsedSeconds;

    @JsonPropertyDescription("The chain of components that determined readyAt, first to last, from the measured times.")
    private List<String> criticalPath;

    @JsonPropertyDescription("Seconds the components of the critical path took (gate latency not included).")
    private Double criticalPathSeconds;

    @JsonPropertyDescription("Sum of the components' readySeconds: what a one-at-a-time bring-up would have taken.")
    private Double sequentialSeconds;

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public Double getElapsedSeconds() {
        return elapsedSeconds;
    }

    public void setElapsedSeconds(Double elapsedSeconds) {
        this.elapsedSeconds = elapsedSeconds;
    }

    public List<String> getCriticalPath() {
        return criticalPath;
    }

    public void setCriticalPath(List<String> criticalPath) {
        this.criticalPath = criticalPath;
    }

    public Double getCriticalPathSeconds() {
        return criticalPathSeconds;
    }

    public void setCriticalPathSeconds(Double criticalPathSeconds) {
        this.criticalPathSeconds = criticalPathSeconds;
    }

    public Double getSequentialSeconds() {
        return sequentialSeconds;
    }

    public void setSequentialSeconds(Double sequentialSeconds) {
        this.sequentialSeconds = sequentialSeconds;
    }

    public String getReadyAt() {
        return readyAt;
    }

    public void setReadyAt(String readyAt) {
        this.readyAt = readyAt;
    }
}
