package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TestEnvironmentClaimSpec {

    @Required
    @Size(min = 1, max = 253)
    @ValidationRule(value = "self == oldSelf", message = "spec.pool cannot be changed")
    @JsonPropertyDescription("The TestEnvironmentPool, in the claim's namespace, to take an environment from.")
    private String pool;

    @Pattern(TestEnvironmentSpec.DURATION_PATTERN)
    @JsonPropertyDescription("How long the claim holds its environment, from the claim's creation (e.g. 30m); then the "
            + "environment is deleted and the claim fails with reason LifetimeExpired. Unset: the pool's "
            + "claimLifetime.default; never more than its claimLifetime.maximum.")
    private String lifetime;

    @JsonPropertyDescription("Keep the claimed environment only while its heartbeat Lease is renewed: set on the "
            + "environment, whose Lease is named like it (status.environment).")
    private Heartbeat heartbeat;

    @Size(max = 64)
    @ValidationRule(value = "self == oldSelf", message = "spec.components cannot be changed")
    @JsonPropertyDescription("Components added to the claimed environment, e.g. the service under test. They may "
            + "depend on the template's components by name; their names must differ from the template's. They go "
            + "through the same validation, confinement and identity as the environment's own.")
    private List<ComponentSpec> components;

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public String getLifetime() {
        return lifetime;
    }

    public void setLifetime(String lifetime) {
        this.lifetime = lifetime;
    }

    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
    }

    public List<ComponentSpec> getComponents() {
        return components;
    }

    public void setComponents(List<ComponentSpec> components) {
        this.components = components;
    }
}
