package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A connection detail the environment publishes once Ready, in status.outputs. */
public class Output {

    /** An environment variable's name, so that a suite can export every output as one. */
    public static final String NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

    @Required
    @Pattern(NAME_PATTERN)
    @Size(min = 1, max = 63)
    @JsonPropertyDescription("Name of the output, e.g. DATABASE_URL: the key in status.outputs.")
    private String name;

    @Size(min = 1, max = HealthCheck.MAX_EXPRESSION_LENGTH)
    @JsonPropertyDescription(
            "CEL expression yielding a string (numbers and booleans are converted), over objects "
                    + "(every object the environment declares, keyed '<Kind>/<name>', as observed live; Secrets are not "
                    + "among them), __namespace__ and name (the environment's), e.g. \"'postgres://' + objects['Service/postgres'].spec.clusterIP\".")
    private String value;

    @JsonPropertyDescription("Instead of value: a key of a Secret the environment declares. Its value goes into the "
            + "binding Secret (status.binding.name) only, never into status.outputs, an Event or a log.")
    private SecretKeyRef secretKeyRef;

    public SecretKeyRef getSecretKeyRef() {
        return secretKeyRef;
    }

    public void setSecretKeyRef(SecretKeyRef secretKeyRef) {
        this.secretKeyRef = secretKeyRef;
    }

    public Output() {}

    public Output(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
