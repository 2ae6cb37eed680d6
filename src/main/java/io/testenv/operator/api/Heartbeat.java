package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * A liveness signal from whoever uses the environment: the operator keeps a Lease named like the environment, and
 * deletes the environment when nobody renewed it within the timeout.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Heartbeat {

    public static final int MIN_TIMEOUT_SECONDS = 5;
    public static final int MAX_TIMEOUT_SECONDS = 86_400;

    @Required
    @Min(MIN_TIMEOUT_SECONDS)
    @Max(MAX_TIMEOUT_SECONDS)
    @JsonPropertyDescription("Seconds after the Lease named like the environment was last renewed (spec.renewTime; "
            + "before the first renewal, its creation) when the environment is deleted, with an Event "
            + "HeartbeatExpired: a suite killed mid-run leaves nothing behind for longer. From 5 to 86400.")
    private Integer timeoutSeconds;

    @JsonPropertyDescription("When the heartbeat runs out, also delete the environment's namespace, if whoever created "
            + "it consented with the label testenv.io/delete-with-environment=<this environment's name> and it holds no "
            + "other TestEnvironment: a suite that made a namespace for its environment leaves nothing behind when "
            + "killed. Deleted as the environment's identity, which needs get and delete on namespaces.")
    private Boolean deleteNamespace;

    public Boolean getDeleteNamespace() {
        return deleteNamespace;
    }

    public void setDeleteNamespace(Boolean deleteNamespace) {
        this.deleteNamespace = deleteNamespace;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }
}
