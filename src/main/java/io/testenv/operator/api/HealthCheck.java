package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class HealthCheck {

    /** Longest readyWhen or failedWhen the CRD admits, in characters: as long as the operator compiles. */
    public static final int MAX_EXPRESSION_LENGTH = 1024;

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Kind of the component's objects this override applies to, e.g. Deployment.")
    private String kind;

    @Size(max = MAX_EXPRESSION_LENGTH)
    @JsonPropertyDescription("CEL expression over the object (self); true makes it ready, false keeps it in "
            + "progress. Without it the kind's built-in rule decides readiness.")
    private String readyWhen;

    @Size(max = MAX_EXPRESSION_LENGTH)
    @JsonPropertyDescription("CEL expression over the object (self); true fails the component at once.")
    private String failedWhen;

    public HealthCheck() {}

    public HealthCheck(String kind, String readyWhen, String failedWhen) {
        this.kind = kind;
        this.readyWhen = readyWhen;
        this.failedWhen = failedWhen;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getReadyWhen() {
        return readyWhen;
    }

    public void setReadyWhen(String readyWhen) {
        this.readyWhen = readyWhen;
    }

    public String getFailedWhen() {
        return failedWhen;
    }

    public void setFailedWhen(String failedWhen) {
        this.failedWhen = failedWhen;
    }
}
