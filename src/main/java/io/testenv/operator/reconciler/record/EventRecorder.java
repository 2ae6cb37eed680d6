package io.testenv.operator.reconciler.record;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import io.testenv.operator.api.TestEnvironment;
import io.testenv.operator.planner.Transitions;
import io.testenv.operator.reconciler.marks.FieldManagers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes the Events the planner's {@link Transitions} name on the environment (what {@code kubectl describe}
 * shows). Events are written off the reconcile thread; losing one never fails a reconcile.
 */
@ApplicationScoped
public class EventRecorder {

    private final KubernetesClient client;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "testenv-events");
        thread.setDaemon(true);
        return thread;
    });

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    /** Records the Events of a reconcile's transitions, and logs each. */
    public void record(TestEnvironment env, List<Transitions.Event> events) {
        events.forEach(event -> record(env, event));
    }

    public void record(TestEnvironment env, Transitions.Event event) {
        Log.infof(
                "%s/%s %s", env.getMetadata().getNamespace(), env.getMetadata().getName(), event.log());
        Event written = event(
                env,
                event.severity().name(),
                event.reason(),
                event.message(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        writer.execute(() -> write(written));
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
                .withNewSource()
                .withComponent(FieldManagers.OPERATOR)
                .endSource()
                .withReportingComponent(FieldManagers.OPERATOR)
                .build();
    }

    private void write(Event event) {
        try {
            client.v1()
                    .events()
                    .inNamespace(event.getMetadata().getNamespace())
                    .resource(event)
                    .create();
        } catch (KubernetesClientException e) {
            Log.warnf("could not record event %s: %s", event.getReason(), e.getMessage());
        }
    }

    @PreDestroy
    public void shutdown() {
        writer.shutdown();
    }
}
