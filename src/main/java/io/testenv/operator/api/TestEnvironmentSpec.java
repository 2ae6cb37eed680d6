package io.testenv.operator.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class TestEnvironmentSpec {

    /** Go-style duration as Kubernetes writes them: 90s, 10m, 1h30m, 1.5h. */
    public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
    public static final String DEFAULT_TIMEOUT = "10m";

    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription("The components of the environment. Each is a group of Kubernetes manifests applied together; "
            + "names are unique DNS labels.")
    private List<ComponentSpec> components = new ArrayList<>();

    @Pattern(DURATION_PATTERN)
    @Default(DEFAULT_TIMEOUT)
    @JsonPropertyDescription("Deadline for the whole bring-up, counted from the first reconcile of this generation "
            + "(e.g. 90s, 10m, 1h30m). When it passes before the environment is Ready, the environment fails with "
            + "reason TimedOut. Default 10m.")
    private String timeout = DEFAULT_TIMEOUT;

    @Default("Parallel")
    @JsonPropertyDescription("Parallel (default): apply each component as soon as its dependencies meet their gate. "
            + "Sequential: one component at a time in dependency order (a baseline). AllAtOnce: apply everything "
            + "immediately, ignoring gates (a baseline).")
    private Strategy strategy = Strategy.Parallel;

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
