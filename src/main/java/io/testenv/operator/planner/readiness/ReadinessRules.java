package io.testenv.operator.planner.readiness;

import java.util.Map;
import java.util.Optional;

/**
 * The built-in readiness rules, a table keyed by group and kind. Generic checks come first for every kind, in
 * kstatus' order: a terminating object is in progress, an object whose controller has not observed its latest
 * generation is in progress, a {@code Stalled=True} condition fails it and a {@code Reconciling=True} condition
 * keeps it in progress ({@link StandardConditions}), and a workload without a status is never ready.
 * <p>
 * Tools outside the operator call {@link Readiness#compute}, which adds the CEL overrides.
 */
public final class ReadinessRules {

    public static final String TERMINATING = "Terminating";
    public static final String OBSERVED_GENERATION_STALE = "ObservedGenerationStale";
    public static final String NO_STATUS = "NoStatus";

    /** Kinds whose readiness comes from a controller-written status: without one they are not ready. */
    private static final Map<String, ReadinessRule> WORKLOADS = Map.of(
            "apps/Deployment", new DeploymentRule(),
            "apps/StatefulSet", new StatefulSetRule(),
            "apps/DaemonSet", new DaemonSetRule(),
            "apps/ReplicaSet", new ReplicaSetRule(),
            "batch/Job", new JobRule(),
            "/Pod", new PodRule(),
            "/PersistentVolumeClaim", new PersistentVolumeClaimRule());

    private static final Map<String, ReadinessRule> OTHERS = Map.of(
            "apiextensions.k8s.io/CustomResourceDefinition", new CustomResourceDefinitionRule(),
            "/Service", new ServiceRule());

    private ReadinessRules() {}

    public static ReadinessRules standard() {
        return new ReadinessRules();
    }

    public ReadinessRule ruleFor(String group, String kind) {
        String key = (group == null ? "" : group) + "/" + kind;
        ReadinessRule workload = WORKLOADS.get(key);
        if (workload != null) {
            return object -> generic(object, true).orElseGet(() -> workload.evaluate(object));
        }
        ReadinessRule rule = OTHERS.getOrDefault(key, ReadyConditionRule.INSTANCE);
        return object -> generic(object, false).orElseGet(() -> rule.evaluate(object));
    }

    public ObjectHealth evaluate(ObjectView object) {
        return ruleFor(object.group(), object.kind()).evaluate(object);
    }

    /** The checks every kind shares; empty when the kind's own rule decides. */
    public static Optional<ObjectHealth> generic(ObjectView object, boolean requiresStatus) {
        Optional<ObjectHealth> terminating = terminating(object);
        if (terminating.isPresent()) {
            return terminating;
        }
        var observed = object.longAt("status", "observedGeneration");
        var generation = object.longAt("metadata", "generation");
        if (observed.isPresent() && generation.isPresent() && observed.get() < generation.get()) {
            return Optional.of(ObjectHealth.inProgress(
                    OBSERVED_GENERATION_STALE,
                    "generation " + generation.get() + " not observed yet (observed " + observed.get() + ")"));
        }
        Optional<ObjectHealth> standard = StandardConditions.of(object);
        if (standard.isPresent()) {
            return standard;
        }
        if (requiresStatus && !object.hasStatus()) {
            return Optional.of(ObjectHealth.inProgress(NO_STATUS, "no status reported yet"));
        }
        return Optional.empty();
    }

    /** An object with a deletionTimestamp is in progress, whatever else it says, built-in rule or override. */
    public static Optional<ObjectHealth> terminating(ObjectView object) {
        return object.at("metadata", "deletionTimestamp").isPresent()
                ? Optional.of(ObjectHealth.inProgress(TERMINATING, "terminating"))
                : Optional.empty();
    }
}
