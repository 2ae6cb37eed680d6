package io.testenv.operator.reconciler.observe;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.testenv.operator.api.Binding;
import io.testenv.operator.api.ComponentStatus;
import io.testenv.operator.api.ObjectState;
import io.testenv.operator.api.ObjectStatus;
import io.testenv.operator.api.TestEnvironmentStatus;
import io.testenv.operator.api.Timing;
import io.testenv.operator.planner.Plan;
import io.testenv.operator.planner.model.ObjectRef;
import io.testenv.operator.planner.state.ComponentState;
import io.testenv.operator.planner.state.ConditionRecord;
import io.testenv.operator.planner.state.History;
import io.testenv.operator.planner.state.ObjectEvaluation;
import io.testenv.operator.planner.state.Timings;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Converts between the wire status and the planner's records: a plan becomes the status to write, and the
 * status read back becomes the history of the next plan. Timestamps are RFC 3339 with milliseconds, so that
 * the recorded times survive restarts exactly.
 */
public final class StatusMapper {

    private StatusMapper() {}

    public static TestEnvironmentStatus statusOf(Plan plan) {
        TestEnvironmentStatus status = new TestEnvironmentStatus();
        status.setObservedGeneration(plan.generation());
        status.setPhase(plan.phase());
        status.setReadyComponents(plan.readySummary());
        status.setConditions(
                plan.conditions().stream().map(StatusMapper::condition).toList());
        Timings.EnvironmentTiming measured = plan.timing();
        status.setComponents(plan.components().stream()
                .map(c -> component(c, measured.component(c.name())))
                .toList());
        Timing timing = new Timing();
        timing.setStartedAt(format(plan.startedAt()));
        timing.setReadyAt(format(plan.readyAt()));
        timing.setElapsedSeconds(seconds(measured.elapsed()));
        timing.setCriticalPath(measured.criticalPath().isEmpty() ? null : measured.criticalPath());
        timing.setCriticalPathSeconds(seconds(measured.criticalPathDuration()));
        timing.setSequentialSeconds(seconds(measured.sequential()));
        status.setTiming(timing);
        plan.actions().expiresAt().ifPresent(at -> status.setExpiresAt(format(at)));
        status.setOutputs(plan.outputs().isEmpty() ? null : new TreeMap<>(plan.outputs()));
        plan.actions().binding().ifPresent(b -> status.setBinding(new Binding(b.name())));
        plan.actions().targetNamespace().ifPresent(t -> status.setTargetNamespace(t.name()));
        return status;
    }

    /** At most this many objects are listed per component: a status stays small whatever a component holds. */
    public static final int MAX_LISTED_OBJECTS = 50;

    /**
     * The objects a component's status lists: all of them, or of a larger component the {@value #MAX_LISTED_OBJECTS}
     * furthest from ready (failed, then missing, then in progress, then ready), in spec order.
     */
    public static List<ObjectEvaluation> listed(List<ObjectEvaluation> objects) {
        if (objects.size() <= MAX_LISTED_OBJECTS) {
            return objects;
        }
        // A stable sort by urgency keeps spec order within each state; the kept indices are put back in spec order.
        return IntStream.range(0, objects.size())
                .boxed()
                .sorted(Comparator.comparingInt(i -> urgency(objects.get(i).state())))
                .limit(MAX_LISTED_OBJECTS)
                .sorted()
                .map(objects::get)
                .toList();
    }

    private static int urgency(ObjectState state) {
        return switch (state) {
            case Failed -> 0;
            case Missing -> 1;
            case InProgress -> 2;
            case Ready -> 3;
        };
    }

    /**
     * Whether the operator wrote this status: the API server's default (observed generation 0, see the CRD) and no
     * status at all are not.
     */
    public static boolean written(TestEnvironmentStatus status) {
        return status != null && status.getObservedGeneration() != null && status.getObservedGeneration() > 0;
    }

    public static History historyOf(TestEnvironmentStatus status) {
        if (!written(status)) {
            return History.none();
        }
        Map<String, ComponentState> components = new LinkedHashMap<>();
        for (ComponentStatus component : listOf(status.getComponents())) {
            components.put(
                    component.getName(),
                    new ComponentState(
                            component.getName(),
                            component.getPhase(),
                            component.getReason(),
                            component.getMessage(),
                            parse(component.getAppliedAt()),
                            parse(component.getReadyAt()),
                            parse(component.getFailedAt()),
                            component.getAppliedGeneration(),
                            List.of()));
        }
        List<ConditionRecord> conditions = listOf(status.getConditions()).stream()
                .map(c -> new ConditionRecord(
                        c.getType(),
                        c.getStatus(),
                        c.getReason(),
                        c.getMessage(),
                        parse(c.getLastTransitionTime()),
                        Optional.ofNullable(c.getObservedGeneration()).orElse(0L)))
                .toList();
        Timing timing = Optional.ofNullable(status.getTiming()).orElseGet(Timing::new);
        return new History(
                status.getObservedGeneration(),
                status.getPhase(),
                parse(timing.getStartedAt()),
                parse(timing.getReadyAt()),
                components,
                conditions);
    }

    private static Condition condition(ConditionRecord record) {
        return new ConditionBuilder()
                .withType(record.type())
                .withStatus(record.status())
                .withReason(record.reason())
                .withMessage(record.message())
                .withLastTransitionTime(record.lastTransitionTime()
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())
                .withObservedGeneration(record.observedGeneration())
                .build();
    }

    /** Seconds with millisecond precision, as the status shows them. */
    public static Double seconds(Optional<Duration> duration) {
        return duration.map(d -> d.toMillis() / 1000.0).orElse(null);
    }

    private static ComponentStatus component(ComponentState plan, Timings.ComponentTiming timing) {
        ComponentStatus status = new ComponentStatus();
        status.setName(plan.name());
        status.setPhase(plan.phase());
        status.setReason(plan.reason());
        status.setMessage(plan.message());
        status.setAppliedAt(format(plan.appliedAt()));
        status.setReadyAt(format(plan.readyAt()));
        status.setFailedAt(format(plan.failedAt()));
        status.setReadySeconds(seconds(timing.ready()));
        status.setBlockedSeconds(seconds(timing.blocked()));
        status.setAppliedGeneration(plan.appliedGeneration());
        List<ObjectEvaluation> listed = listed(plan.objects());
        status.setObjects(listed.stream().map(StatusMapper::object).toList());
        status.setObjectsOmitted(
                listed.size() < plan.objects().size() ? plan.objects().size() - listed.size() : null);
        return status;
    }

    private static ObjectStatus object(ObjectEvaluation plan) {
        ObjectRef ref = plan.ref();
        ObjectStatus status = new ObjectStatus();
        status.setApiVersion(ref.apiVersion());
        status.setKind(ref.kind());
        status.setNamespace(ref.namespace());
        status.setName(ref.name());
        status.setState(plan.state());
        status.setReason(plan.reason());
        status.setMessage(plan.message());
        return status;
    }

    public static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}
