package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Secret holding an environment's outputs, as the Service Binding specification names it. */
public class Binding {

    @JsonPropertyDescription("Name of the Secret, in the environment's namespace, with one key per output.")
    private String name;

    public Binding() {}

    public Binding(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
