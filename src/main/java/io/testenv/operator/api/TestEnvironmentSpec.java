package io.testenv.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Fields are null until set, never defaulted here: JOSDK adds its finalizer with a server-side apply of a new,
 * empty TestEnvironment, and any value set by this class would be applied over the user's with it. Defaults
 * come from the CRD schema and from the converter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TestEnvironmentSpec {

    /** Go-style duration as Kubernetes writes them: 90s, 10m, 1h30m, 1.5h. */
    public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
    public static final String DEFAULT_TIMEOUT = "10m";

    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription("The components of the environment. Each is a group of Kubernetes manifests applied together; "
            + "names are unique DNS labels.")
    private List<ComponentSpec> components;

    @Pattern(DURATION_PATTERN)
    @Default(DEFAULT_TIMEOUT)
    @JsonPropertyDescription("Deadline for the whole bring-up, counted from the first reconcile of this generation "
            + "(e.g. 90s, 10m, 1h30m). When it passes before the environment is Ready, the environment fails with "
            + "reason TimedOut. Default 10m.")
    private String timeout;

    @Default("Parallel")
    @JsonPropertyDescription("Parallel (default): apply each component as soon as its dependencies meet their gate. "
            + "Sequential: one component at a time in dependency order (a baseline). AllAtOnce: apply everything "
            + "immediately, ignoring gates (a baseline).")
    private Strategy strategy;

    public List<ComponentSpec> getComponents() {
        return components;
    }

    public void setComponents(List<ComponentSpec> components) {
        this.components = components;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public Strategy getStrategy() {
        return strategy;
    }

    public void setStrategy(Strategy strategy) {
        this.strategy = strategy;
    }
}
