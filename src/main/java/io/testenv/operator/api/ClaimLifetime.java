package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** How long a claim may hold an environment of a pool: a default for claims that do not say, and a ceiling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClaimLifetime {

    /** {@code default} in JSON, a Java keyword. */
    @JsonProperty("default")
    @Pattern(TestEnvironmentSpec.DURATION_PATTERN)
    @JsonPropertyDescription("The lifetime of a claim that sets none (e.g. 30m, 2h). Unset: such a claim holds its "
            + "environment until deleted, or until the maximum.")
    private String defaultLifetime;

    @Pattern(TestEnvironmentSpec.DURATION_PATTERN)
    @JsonPropertyDescription("The longest lifetime a claim gets, whatever it asks for (e.g. 8h). Unset: no ceiling.")
    private String maximum;

    @JsonProperty("default")
    public String getDefaultLifetime() {
        return defaultLifetime;
    }

    @JsonProperty("default")
    public void setDefaultLifetime(String defaultLifetime) {
        this.defaultLifetime = defaultLifetime;
    }

    public String getMaximum() {
        return maximum;
    }

    public void setMaximum(String maximum) {
        this.maximum = maximum;
    }
}
