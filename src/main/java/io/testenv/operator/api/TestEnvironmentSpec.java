package io.testenv.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Fields are null until set, never defaulted here: JOSDK adds its finalizer with a server-side apply of a new,
 * empty TestEnvironment, and any value set by this class would be applied over the user's with it. Defaults
 * come from the CRD schema and from the converter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.targetNamespace) == has(oldSelf.targetNamespace)",
        message = "spec.targetNamespace is set when the environment is created, or never: it cannot be added or "
                + "removed")
public class TestEnvironmentSpec {

    /** Go-style duration as Kubernetes writes them: 90s, 10m, 1h30m, 1.5h. */
    public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

    public static final String DEFAULT_TIMEOUT = "10m";
    /** At most this many outputs, each at most 4096 characters: the status stays small. */
    public static final int MAX_OUTPUTS = 64;
    /** The longest bring-up an environment may ask for: {@value}. */
    public static final String MAX_TIMEOUT = "24h";
    /** The longest time to live, in seconds: 30 days. */
    public static final int MAX_TTL_SECONDS = 2_592_000;

    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription(
            "The components of the environment. Each is a group of Kubernetes manifests applied together; "
                    + "names are unique DNS labels.")
    private List<ComponentSpec> components;

    @Pattern(DURATION_PATTERN)
    @Default(DEFAULT_TIMEOUT)
    @JsonPropertyDescription("Deadline for the whole bring-up, counted from the first reconcile of this generation "
            + "(e.g. 90s, 10m, 1h30m). When it passes before the environment is Ready, the environment fails with "
            + "reason TimedOut. Default 10m, at most 24h.")
    private String timeout;

    @Default("Parallel")
    @JsonPropertyDescription("Parallel (default): apply each component as soon as its dependencies meet their gate. "
            + "Sequential: one component at a time in dependency order (a baseline). AllAtOnce: apply everything "
            + "immediately, ignoring gates (a baseline).")
    private Strategy strategy;

    @Size(max = 253)
    @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$")
    @JsonPropertyDescription("ServiceAccount in this namespace whose rights create, read and delete the environment's "
            + "objects: the operator impersonates it, so the API server's RBAC judges what the environment may do. "
            + "Without it, the operator's default ServiceAccount (testenv.default-service-account) is used when "
            + "configured, else the operator's own rights within its confinement rules. Empty fails closed.")
    private String serviceAccountName;

    @Default("Background")
    @JsonPropertyDescription("Background (default): on deletion everything goes at once (garbage collection). Reverse: "
            + "component by component in reverse dependency order, each once its dependents and their pods are gone, "
            + "bounded by spec.timeout.")
    private Teardown teardown;

    public Teardown getTeardown() {
        return teardown;
    }

    public void setTeardown(Teardown teardown) {
        this.teardown = teardown;
    }

    @Default("Correct")
    @JsonPropertyDescription("Correct (default): an object changed outside the environment (scaled, edited, its image "
            + "swapped) is applied again, so its declared fields hold what was declared; an Event reports it. Report: it "
            + "is reported and counts as not ready until it holds what was declared again.")
    private DriftPolicy drift;

    public DriftPolicy getDrift() {
        return drift;
    }

    public void setDrift(DriftPolicy drift) {
        this.drift = drift;
    }

    @Min(0)
    @Max(MAX_TTL_SECONDS)
    @JsonPropertyDescription("Seconds after the environment became Ready when it deletes itself, with everything it "
            + "created (as Jobs' ttlSecondsAfterFinished), at most 2592000 (30 days). Unset: it stays until deleted.")
    private Integer ttlSecondsAfterReady;

    @Min(0)
    @Max(MAX_TTL_SECONDS)
    @JsonPropertyDescription("Seconds after the environment failed when it deletes itself, with everything it "
            + "created, at most 2592000 (30 days). Unset: a failed environment stays for inspection until deleted.")
    private Integer ttlSecondsAfterFailed;

    public Integer getTtlSecondsAfterReady() {
        return ttlSecondsAfterReady;
    }

    public void setTtlSecondsAfterReady(Integer ttlSecondsAfterReady) {
        this.ttlSecondsAfterReady = ttlSecondsAfterReady;
    }

    public Integer getTtlSecondsAfterFailed() {
        return ttlSecondsAfterFailed;
    }

    public void setTtlSecondsAfterFailed(Integer ttlSecondsAfterFailed) {
        this.ttlSecondsAfterFailed = ttlSecondsAfterFailed;
    }

    @JsonPropertyDescription("Keeps the environment alive only while someone renews its heartbeat Lease (named like "
            + "the environment, owned by it): when the Lease was not renewed within timeoutSeconds, the environment "
            + "is deleted. Works with the times to live; whichever comes first wins.")
    private Heartbeat heartbeat;

    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
    }

    @Size(max = MAX_OUTPUTS)
    @JsonPropertyDescription("Connection details the environment publishes once Ready, in status.outputs (name to "
            + "string): each a CEL expression over the live objects. Resolving them is part of becoming Ready.")
    private List<Output> outputs;

    public List<Output> getOutputs() {
        return outputs;
    }

    public void setOutputs(List<Output> outputs) {
        this.outputs = outputs;
    }

    @ValidationRule(value = "self == oldSelf", message = "spec.targetNamespace cannot be changed")
    @JsonPropertyDescription("Put the environment's objects into a namespace of their own, which the operator creates "
            + "(named from generateName by the API server, labelled with the environment's uid, recorded in "
            + "status.targetNamespace) and deletes with the environment. Manifests without a namespace go there, and "
            + "the outputs' namespace is it. Only where the operator may create namespaces "
            + "(testenv.target-namespaces.enabled); elsewhere the environment fails with reason "
            + "TargetNamespaceNotAllowed. Set at creation, never changed.")
    private TargetNamespace targetNamespace;

    public TargetNamespace getTargetNamespace() {
        return targetNamespace;
    }

    public void setTargetNamespace(TargetNamespace targetNamespace) {
        this.targetNamespace = targetNamespace;
    }

    /** Why the spec could not be read, when it could not; never sent to the API server. */
    @JsonIgnore
    private String unreadable;

    /** An empty spec standing for one that could not be read, and why. */
    public static TestEnvironmentSpec unreadable(String reason) {
        TestEnvironmentSpec spec = new TestEnvironmentSpec();
        spec.unreadable = reason;
        return spec;
    }

    @JsonIgnore
    public String getUnreadable() {
        return unreadable;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

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
