package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A namespace the operator creates for the environment's objects, named by the API server from a prefix, and
 * deletes with the environment.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetNamespace {

    /** The longest prefix the API server keeps whole: it appends 5 characters to a name of at most 63. */
    public static final int MAX_GENERATE_NAME = 58;

    @Required
    @Size(min = 1, max = MAX_GENERATE_NAME)
    @Pattern("^[a-z0-9][-a-z0-9]*$")
    @JsonPropertyDescription("The prefix of the namespace's name (metadata.generateName): the API server appends 5 "
            + "random characters, e.g. pool-datastorage- gives pool-datastorage-x7k2p. Lower-case letters, digits "
            + "and '-', starting with a letter or digit, at most 58 characters.")
    private String generateName;

    public TargetNamespace() {}

    public TargetNamespace(String generateName) {
        this.generateName = generateName;
    }

    public String getGenerateName() {
        return generateName;
    }

    public void setGenerateName(String generateName) {
        this.generateName = generateName;
    }
}
