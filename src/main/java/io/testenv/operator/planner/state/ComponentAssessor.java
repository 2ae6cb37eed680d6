package io.testenv.operator.planner.state;

import io.testenv.operator.api.ComponentPhase;
import io.testenv.operator.api.ObjectState;
import io.testenv.operator.planner.model.ComponentModel;
import io.testenv.operator.planner.model.Manifest;
import io.testenv.operator.planner.readiness.ObjectView;
import io.testenv.operator.planner.readiness.PodProblems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a component whose objects have been applied in this generation: Failed if any object failed
 * or was rejected, Applying while some are not observed, Progressing while some are not ready, else Ready.
 */
public final class ComponentAssessor {

    public static final int MAX_LISTED = 3;

    private final ObjectEvaluator objects;

    public ComponentAssessor(ObjectEvaluator objects) {
        this.objects = objects;
    }

    /** The component's objects, each evaluated. */
    public List<ObjectEvaluation> objectsOf(ComponentModel component, Observation observation) {
        List<ObjectEvaluation> result = new ArrayList<>();
        for (Manifest manifest : component.manifests()) {
            result.add(objects.evaluate(manifest, component.health(), observation));
        }
        return result;
    }

    /**
     * Phase, reason and message of an applied component.
     *
     * @param previous the component's record from the previous pass of this generation, if any
     */
    public ComponentState assess(
            ComponentModel component,
            List<ObjectEvaluation> objectPlans,
            Observation observation,
            Optional<ComponentState> previous,
            long generation,
            Instant appliedAt,
            Instant now) {
        Instant readyAt = previous.map(ComponentState::readyAt).orElse(null);
        List<ObjectEvaluation> failed = objectPlans.stream()
                .filter(o -> o.state() == ObjectState.Failed)
                .toList();
        if (!failed.isEmpty()) {
            return plan(
                    component,
                    ComponentPhase.Failed,
                    failed.get(0).reason(),
                    describe(failed),
                    appliedAt,
                    readyAt,
                    now,
                    generation,
                    objectPlans);
        }
        List<ObjectEvaluation> missing = objectPlans.stream()
                .filter(o -> o.state() == ObjectState.Missing)
                .toList();
        if (!missing.isEmpty()) {
            boolean notServed = missing.stream().anyMatch(o -> Reasons.KIND_NOT_SERVED.equals(o.reason()));
            boolean retrying = missing.stream().anyMatch(o -> Reasons.RETRYING.equals(o.reason()));
            String reason = notServed ? Reasons.KIND_NOT_SERVED : retrying ? Reasons.RETRYING : Reasons.APPLYING;
            return plan(
                    component,
                    ComponentPhase.Applying,
                    reason,
                    (notServed || retrying ? "" : "not observed yet: ") + describe(missing),
                    appliedAt,
                    readyAt,
                    null,
                    generation,
                    objectPlans);
        }
        List<ObjectEvaluation> inProgress =
                objectPlans.stream().filter(o -> o.state() != ObjectState.Ready).toList();
        if (inProgress.isEmpty()) {
            return plan(
                    component,
                    ComponentPhase.Ready,
                    Reasons.READY,
                    objectPlans.size() == 1 ? "1 object ready" : objectPlans.size() + " objects ready",
                    appliedAt,
                    readyAt == null ? Timings.becameReady(appliedAt, now, observedOf(component, observation)) : readyAt,
                    null,
                    generation,
                    objectPlans);
        }
        List<String> why = new ArrayList<>(describeEach(inProgress));
        for (Map<String, Object> pod : observation.podsOf(component.name())) {
            ObjectView view = new ObjectView(pod);
            PodProblems.of(view).forEach(problem -> why.add("pod " + view.name() + ": " + problem));
        }
        return plan(
                component,
                ComponentPhase.Progressing,
                Reasons.PROGRESSING,
                join(why),
                appliedAt,
                readyAt,
                null,
                generation,
                objectPlans);
    }

    private static List<Map<String, Object>> observedOf(ComponentModel component, Observation observation) {
        return component.manifests().stream()
                .map(m -> observation.objects().get(m.ref()))
                .filter(Objects::nonNull)
                .toList();
    }

    private static ComponentState plan(
            ComponentModel component,
            ComponentPhase phase,
            String reason,
            String message,
            Instant appliedAt,
            Instant readyAt,
            Instant failedAt,
            long generation,
            List<ObjectEvaluation> objectPlans) {
        return new ComponentState(
                component.name(), phase, reason, message, appliedAt, readyAt, failedAt, generation, objectPlans);
    }

    private static String describe(List<ObjectEvaluation> objectPlans) {
        return join(describeEach(objectPlans));
    }

    private static List<String> describeEach(List<ObjectEvaluation> objectPlans) {
        return objectPlans.stream()
                .map(o -> o.ref().describe() + ": " + o.message())
                .toList();
    }

    /** At most {@value #MAX_LISTED} items, then how many more: messages stay short and stable. */
    public static String join(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join("; ", items);
        }
        return String.join("; ", items.subList(0, MAX_LISTED)) + "; and " + (items.size() - MAX_LISTED) + " more";
    }
}
