package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "!has(self.maxSize) || self.maxSize >= self.size",
        message = "spec.maxSize cannot be less than spec.size")
public class TestEnvironmentPoolSpec {

    /** The most environments one pool keeps: {@value}. */
    public static final int MAX_POOL = 100;

    @Required
    @JsonPropertyDescription("The environment each pooled environment is made from, as a Deployment has a pod "
            + "template. Its targetNamespace is set by the pool (generateName <pool>-), so that each environment has "
            + "a namespace of its own and the template may name its objects.")
    private TestEnvironmentSpec template;

    @Required
    @Min(0)
    @Max(MAX_POOL)
    @SpecReplicas
    @JsonPropertyDescription(
            "How many Ready, unclaimed environments to keep (kubectl scale tepool/<name> --replicas=N " + "sets it).")
    private Integer size;

    @Min(0)
    @Max(MAX_POOL)
    @JsonPropertyDescription("A cap on the pool's environments, Ready, bringing up and claimed together; claims beyond "
            + "it wait (WaitingForCapacity). Unset: size plus the claimed ones, no cap.")
    private Integer maxSize;

    @JsonPropertyDescription("How long a claim may hold one of the pool's environments: default and maximum.")
    private ClaimLifetime claimLifetime;

    public TestEnvironmentSpec getTemplate() {
        return template;
    }

    public void setTemplate(TestEnvironmentSpec template) {
        this.template = template;
    }

    public Integer getSize() {
        return size;
    }

    public void setSize(Integer size) {
        this.size = size;
    }

    public Integer getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(Integer maxSize) {
        this.maxSize = maxSize;
    }

    public ClaimLifetime getClaimLifetime() {
        return claimLifetime;
    }

    public void setClaimLifetime(ClaimLifetime claimLifetime) {
        this.claimLifetime = claimLifetime;
    }
}
