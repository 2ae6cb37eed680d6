package io.testenv.operator.reconciler;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.Reasons;

/**
 * Turns condition transitions into Kubernetes Events on the environment (what {@code kubectl describe}
 * shows): one Event per condition whose status or reason changed, every component's first state included;
 * the environment's Ready=False and Failed=False it starts with are not transitions. Events are written off the reconcile
 * thread; losing one never fails a reconcile.
 */
@ApplicationScoped
public class EventRecorder {

    private static final String WARNING = "Warning";
    private static final String NORMAL = "Normal";
    private static final List<String> WARNING_REASONS = List.of(Reasons.COMPONENT_FAILED, Reasons.TIMED_OUT,
            Reasons.INVALID_SPEC, Reasons.DEPENDENCY_FAILED, Reasons.APPLY_REJECTED,
            Reasons.CONFLICT);

    private final KubernetesClient client;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "testenv-events");
        thread.setDaemon(true);
        return thread;
    });

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Records the transitions between the conditions written before and the ones about to be written.
     *
     * @param failedTypes condition types that report a failure (the gates of failed components)
     */
    void recordTransitions(TestEnvironment env, List<Condition> before, List<Condition> after,
            Set<String> failedTypes) {
        Map<String, Condition> previous = before == null ? Map.of()
                : before.stream().collect(Collectors.toMap(Condition::getType, Function.identity(), (a, b) -> b));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (Condition condition : after) {
            Condition old = previous.get(condition.getType());
            if (old != null && old.getStatus().equals(condition.getStatus())
                    && old.getReason().equals(condition.getReason())) {
                continue;
            }
            if (old == null && isStartingState(condition)) {
                continue;
            }
            Event event = eventFor(env, condition, failedTypes.contains(condition.getType()), now);
            Log.infof("%s/%s %s=%s %s: %s", env.getMetadata().getNamespace(), env.getMetadata().getName(),
                    condition.getType(), condition.getStatus(), condition.getReason(), condition.getMessage());
            writer.execute(() -> write(event));
        }
    }

    /** An Event on the environment that is not a condition's transition (objects pruned, say). */
    void record(TestEnvironment env, boolean warning, String reason, String message) {
        Log.infof("%s/%s %s: %s", env.getMetadata().getNamespace(), env.getMetadata().getName(), reason, message);
        Event event = event(env, warning ? WARNING : NORMAL, reason, message, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        writer.execute(() -> write(event));
    }

    private static Event eventFor(TestEnvironment env, Condition condition, boolean failed, Instant now) {
        boolean componentCondition = condition.getType().startsWith(Reasons.COMPONENT_CONDITION_PREFIX);
        String subject = componentCondition
                ? "component " + condition.getType().substring(Reasons.COMPONENT_CONDITION_PREFIX.length())
                : condition.getType() + "=" + condition.getStatus();
        String type = failed || WARNING_REASONS.contains(condition.getReason()) || isFailure(condition) ? WARNING : NORMAL;
        return event(env, type, condition.getReason(), subject + ": " + condition.getMessage(), now);
    }

    private static Event event(TestEnvironment env, String type, String reason, String message, Instant now) {
        return new EventBuilder()
                .withNewMetadata()
                .withGenerateName(env.getMetadata().getName() + ".")
                .withNamespace(env.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(env.getApiVersion())
                .withKind(env.getKind())
                .withName(env.getMetadata().getName())
                .withNamespace(env.getMetadata().getNamespace())
                .withUid(env.getMetadata().getUid())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withCount(1)
                .withNewSource().withComponent(Labels.FIELD_MANAGER).endSource()
                .withReportingComponent(Labels.FIELD_MANAGER)
                .build();
    }

    /** Ready=False and Failed=False when a bring-up starts: where it begins, not a transition worth an Event. */
    private static boolean isStartingState(Condition condition) {
        return (Reasons.READY_CONDITION.equals(condition.getType()) || Reasons.FAILED_CONDITION.equals(condition.getType()))
                && "False".equals(condition.getStatus()) && !WARNING_REASONS.contains(condition.getReason());
    }

    private static boolean isFailure(Condition condition) {
        return Reasons.FAILED_CONDITION.equals(condition.getType()) && "True".equals(condition.getStatus());
    }

    private void write(Event event) {
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            Log.warnf("could not record event %s: %s", event.getReason(), e.getMessage());
        }
    }

    @PreDestroy
    void shutdown() {
        writer.shutdown();
    }
}
