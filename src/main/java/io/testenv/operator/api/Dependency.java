package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class Dependency {

    @Required
    @Pattern(ComponentSpec.DNS_LABEL)
    @Size(min = 1, max = ComponentSpec.MAX_NAME_LENGTH)
    @JsonPropertyDescription("Name of the component this one waits for.")
    private String component;

    @Default("Ready")
    @JsonPropertyDescription("Ready (default): wait until every object of the dependency is ready. Applied: wait "
            + "only until the API server accepted them.")
    private GateCondition condition = GateCondition.Ready;

    public Dependency() {}

    public Dependency(String component, GateCondition condition) {
        this.component = component;
        this.condition = condition;
    }

    public String getComponent() {
        return component;
    }

    public void setComponent(String component) {
        this.component = component;
    }

    public GateCondition getCondition() {
        return condition;
    }

    public void setCondition(GateCondition condition) {
        this.condition = condition;
    }
}
